package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TypeResolverTest {

    private static Field resolve(String column, String jsonValue) throws Exception {
        JsonNode value = Events.parse("{\"v\":" + jsonValue + "}").get("v");
        return TypeResolver.resolve(column, value);
    }

    @Test
    void typesBooleans() throws Exception {
        assertThat(resolve("b", "true")).isEqualTo(new Field("b", DataType.BOOLEAN, true));
    }

    @Test
    void typesIntegersAsLong() throws Exception {
        assertThat(resolve("zip", "10128")).isEqualTo(new Field("zip", DataType.INTEGER, 10128L));
        assertThat(resolve("max", "9223372036854775807").value()).isEqualTo(Long.MAX_VALUE);
        assertThat(resolve("min", "-9223372036854775808").value()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsIntegersBeyondSigned64BitsNamingColumnAndValue() {
        assertThatThrownBy(() -> resolve("counter", "9223372036854775808"))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("column counter")
                .hasMessageContaining("9223372036854775808")
                .hasMessageContaining("64-bit");
    }

    @Test
    void typesNumbersWithPointOrExponentAsExactFloats() throws Exception {
        Field one = resolve("key1", "120.0");
        assertThat(one.type()).isEqualTo(DataType.FLOAT);
        assertThat(one.value()).isEqualTo(new BigDecimal("120.0"));
        assertThat(resolve("lat", "40.7809").value()).isEqualTo(new BigDecimal("40.7809"));
        assertThat(resolve("e", "1e3").type()).isEqualTo(DataType.FLOAT);
        assertThat(resolve("p", "0.1000000000000000055511151231257827").value())
                .isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
    }

    @Test
    void typesIsoDateTimesAsTimestampsKeepingTheText() throws Exception {
        for (String ts : new String[] {"2020-08-02T18:23:56.291383Z", "2022-08-18T14:17:22.375Z", "2022-08-18T14:17:22",
            "2022-08-18T14:17:22+03:00", "2022-08-18T14:17:22.123456789-0530"}) {
            assertThat(resolve("t", "\"" + ts + "\"")).as(ts).isEqualTo(new Field("t", DataType.TIMESTAMP, ts));
        }
    }

    @Test
    void typesLowerCaseAndSpaceSeparatedDateTimesAsTimestampsKeepingTheText() throws Exception {
        for (String ts : new String[] {"2022-08-18t14:17:22.375z", "2022-08-18 14:17:22", "2022-08-18 14:17:22.375Z",
            "2022-08-18 14:17:22+03:00", "2022-08-18t14:17:22-0530", "2022-08-18T14:17:22z"}) {
            assertThat(resolve("t", "\"" + ts + "\"")).as(ts).isEqualTo(new Field("t", DataType.TIMESTAMP, ts));
        }
    }

    @Test
    void keepsDateOnlyMinutesOnlyAndImpossibleDatesAsStrings() throws Exception {
        for (String s : new String[] {"2022-08-18", "2022-08-18 14:17", "2022-08-18T14:17Z", "2022-02-30T10:00:00Z",
            "2022-08-18T25:00:00Z", "2022-08-18  14:17:22", "2022-08-18T14:17:22.1234567890Z", "10", "null", "[1,2,4,5]"}) {
            assertThat(resolve("s", Events.mapper().writeValueAsString(s)).type()).as(s).isEqualTo(DataType.STRING);
        }
    }

    @Test
    void requiresTimestampsInTimestampColumns() throws Exception {
        assertThat(resolve("utc_time", "\"2020-06-16T23:00:00Z\"").type()).isEqualTo(DataType.TIMESTAMP);
        assertThat(resolve("eventn_ctx_interval_end", "\"2020-06-16T23:00:00Z\"").type()).isEqualTo(DataType.TIMESTAMP);
        assertThat(resolve("_timestamp", "\"2020-06-16 23:00:00.5z\"")).isEqualTo(
                new Field("_timestamp", DataType.TIMESTAMP, "2020-06-16 23:00:00.5z"));
        assertThat(resolve("interval_start", "\"2020-06-16t23:00:00+02:00\"").type()).isEqualTo(DataType.TIMESTAMP);
        assertThatThrownBy(() -> resolve("_timestamp", "\"2020-06-16\""))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("column _timestamp must be a timestamp")
                .hasMessageContaining("string \"2020-06-16\"");
        assertThatThrownBy(() -> resolve("eventn_ctx_utc_time", "1592348400"))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("eventn_ctx_utc_time")
                .hasMessageContaining("integer 1592348400");
        assertThatThrownBy(() -> resolve("interval_start", "true")).isInstanceOf(EventRejectedException.class);
    }

    @Test
    void keepsTheEventIdTextEvenWhenItLooksLikeATimestamp() throws Exception {
        assertThat(resolve("eventn_ctx_event_id", "\"2020-06-16T23:00:00Z\"").type()).isEqualTo(DataType.STRING);
    }
}
