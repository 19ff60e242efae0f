package io.luden.stream.sinks;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueConverterTest {

    private static Object convert(Field f, String columnType) throws WarehouseException {
        return ValueConverter.convert("events", f, columnType, io.luden.stream.sinks.jdbc.SqlTypeNames.category(columnType));
    }

    private static Field f(DataType type, Object value) {
        return new Field("col", type, value);
    }

    private static Field dec(String v) {
        return f(DataType.FLOAT, new BigDecimal(v));
    }

    @Test
    void sameCategoryPassesAsIs() throws Exception {
        assertThat(convert(f(DataType.INTEGER, 5L), "bigint")).isEqualTo(5L);
        assertThat(convert(f(DataType.BOOLEAN, true), "boolean")).isEqualTo(true);
        assertThat(convert(f(DataType.STRING, "x"), "text")).isEqualTo("x");
        assertThat(convert(dec("1.5"), "double precision")).isEqualTo(1.5);
        assertThat(convert(dec("1.50"), "numeric")).isEqualTo(new BigDecimal("1.50"));
    }

    @Test
    void integerIntoFloatOnlyWhenExactlyRepresentable() throws Exception {
        assertThat(convert(f(DataType.INTEGER, 3L), "DOUBLE")).isEqualTo(3.0);
        assertThat(convert(f(DataType.INTEGER, 9007199254740992L), "double precision")).isEqualTo(9007199254740992.0);
        assertThatThrownBy(() -> convert(f(DataType.INTEGER, 9007199254740993L), "double precision"))
                .hasMessageContaining("9007199254740993").hasMessageContaining("double precision");
        assertThatThrownBy(() -> convert(f(DataType.INTEGER, Long.MAX_VALUE), "double precision"))
                .isInstanceOf(WarehouseException.class);
        assertThat(convert(f(DataType.INTEGER, Long.MAX_VALUE), "numeric")).isEqualTo(BigDecimal.valueOf(Long.MAX_VALUE));
    }

    @Test
    void integralFloatIntoInteger() throws Exception {
        assertThat(convert(dec("9.0"), "bigint")).isEqualTo(9L);
        assertThat(convert(dec("1e3"), "BIGINT")).isEqualTo(1000L);
        assertThat(convert(dec("-0.0"), "integer")).isEqualTo(0L);
    }

    @Test
    void fractionalFloatIntoIntegerIsRefusedNeverRounded() {
        assertThatThrownBy(() -> convert(dec("3.14"), "bigint"))
                .isInstanceOf(WarehouseException.class)
                .satisfies(e -> assertThat(((WarehouseException) e).kind()).isEqualTo(WarehouseException.Kind.DATA))
                .hasMessageContaining("\"col\"").hasMessageContaining("\"events\"")
                .hasMessageContaining("bigint").hasMessageContaining("3.14");
    }

    @Test
    void floatOutOfLongRangeIsRefused() {
        assertThatThrownBy(() -> convert(dec("1e19"), "bigint")).hasMessageContaining("range");
        assertThatThrownBy(() -> convert(dec("1e1000000"), "bigint")).hasMessageContaining("range");
        assertThatThrownBy(() -> convert(dec("1e400"), "double precision")).hasMessageContaining("range");
    }

    @Test
    void numberThatUnderflowsADoubleIsNeverRoundedToZero() throws Exception {
        assertThatThrownBy(() -> convert(dec("1e-400"), "double precision")).hasMessageContaining("never rounded to 0");
        assertThatThrownBy(() -> convert(f(DataType.STRING, "1e-400"), "double precision")).hasMessageContaining("never rounded to 0");
        assertThat(convert(dec("0.0"), "double precision")).isEqualTo(0.0);
    }

    @Test
    void numericStringIntoNumbersExactly() throws Exception {
        assertThat(convert(f(DataType.STRING, "42"), "bigint")).isEqualTo(42L);
        assertThat(convert(f(DataType.STRING, "-42.0"), "bigint")).isEqualTo(-42L);
        assertThat(convert(f(DataType.STRING, "2.5"), "double precision")).isEqualTo(2.5);
        // at the column's scale, as the column stores it
        assertThat(convert(f(DataType.STRING, "0.1"), "numeric(10,2)")).isEqualTo(new BigDecimal("0.10"));
        assertThatThrownBy(() -> convert(f(DataType.STRING, "9007199254740993"), "DOUBLE")).isInstanceOf(WarehouseException.class);
    }

    @Test
    void stringsThatAreNotJsonNumbersAreRefused() {
        for (String s : new String[] {"a", "", " 1", "007", "+1", "0x10", "NaN", "1,5", "1e99999999999"}) {
            assertThatThrownBy(() -> convert(f(DataType.STRING, s), "bigint")).as(s).isInstanceOf(WarehouseException.class);
        }
        assertThatThrownBy(() -> convert(f(DataType.STRING, "a"), "bigint")).hasMessageContaining("value \"a\"");
    }

    @Test
    void decimalColumnRefusesMoreDecimalPlacesThanItsScale() throws Exception {
        assertThat(convert(dec("1.20"), "numeric(10,1)")).isEqualTo(new BigDecimal("1.2"));
        assertThat(convert(dec("1e3"), "numeric(10,1)")).isEqualTo(new BigDecimal("1000.0"));
        assertThatThrownBy(() -> convert(dec("123456789.5"), "numeric(10,2)"))
                .hasMessageContaining("more than 8 digits before the decimal point");
        assertThatThrownBy(() -> convert(dec("3.14159"), "numeric(10,2)")).hasMessageContaining("2 decimal places");
        assertThatThrownBy(() -> convert(dec("3.14159"), "DECIMAL(18,3)")).isInstanceOf(WarehouseException.class);
    }

    @Test
    void anyScalarIntoTextKeepsItsJsonForm() throws Exception {
        assertThat(convert(dec("50.0"), "text")).isEqualTo("50.0");
        assertThat(convert(dec("1e5"), "VARCHAR")).isEqualTo("1E+5");
        assertThat(convert(dec("0.0000001"), "text")).isEqualTo("0.0000001");
        assertThat(convert(f(DataType.INTEGER, 50L), "character varying(10)")).isEqualTo("50");
        assertThat(convert(f(DataType.BOOLEAN, true), "text")).isEqualTo("true");
        assertThat(convert(f(DataType.TIMESTAMP, "2020-01-01T00:00:00Z"), "text")).isEqualTo("2020-01-01T00:00:00Z");
    }

    @Test
    void isoStringIntoTimestampInUtc() throws Exception {
        assertThat(convert(f(DataType.STRING, "2020-06-16T23:00:00+03:00"), "timestamp without time zone"))
                .isEqualTo(LocalDateTime.parse("2020-06-16T20:00:00"));
        assertThat(convert(f(DataType.TIMESTAMP, "2020-06-16T23:00:00.123456789Z"), "TIMESTAMP"))
                .isEqualTo(LocalDateTime.parse("2020-06-16T23:00:00.123456"));
        assertThat(convert(f(DataType.TIMESTAMP, "2020-06-16 23:00:00z"), "timestamp"))
                .isEqualTo(LocalDateTime.parse("2020-06-16T23:00:00"));
        assertThat(convert(f(DataType.STRING, "2020-06-16 23:00:00.25+02"), "timestamp"))
                .isEqualTo(LocalDateTime.parse("2020-06-16T21:00:00.25"));
        assertThat(convert(f(DataType.TIMESTAMP, "2020-06-16t23:00:00-0130"), "timestamp(6)"))
                .isEqualTo(LocalDateTime.parse("2020-06-17T00:30:00"));
        assertThat(convert(f(DataType.TIMESTAMP, "2020-06-16T23:00:00+02"), "timestamp with time zone"))
                .isEqualTo(OffsetDateTime.parse("2020-06-16T21:00:00Z"));
        assertThat(convert(f(DataType.TIMESTAMP, "2020-06-16T23:00:00"), "TIMESTAMP WITH TIME ZONE"))
                .isEqualTo(OffsetDateTime.parse("2020-06-16T23:00:00Z"));
    }

    @Test
    void nonTimestampsIntoTimestampAreRefused() {
        // the same strings that are not typed as timestamps (Timestamps); impossible dates are never moved to a real day
        for (Object v : new Object[] {"2020-06-16", "yesterday", "2020-13-01T00:00:00Z", "2020-06-16T25:00:00", "2020-06-16 23:00",
            "2022-02-30T10:00:00Z", "2020-06-16T24:00:00", 1592348400L}) {
            Field field = v instanceof Long ? f(DataType.INTEGER, v) : f(DataType.STRING, v);
            assertThatThrownBy(() -> convert(field, "timestamp")).as(String.valueOf(v))
                    .isInstanceOf(WarehouseException.class).hasMessageContaining("timestamp");
        }
    }

    @Test
    void onlyBooleansIntoBoolean() throws Exception {
        assertThat(convert(f(DataType.BOOLEAN, false), "BOOLEAN")).isEqualTo(false);
        assertThatThrownBy(() -> convert(f(DataType.INTEGER, 0L), "boolean"))
                .hasMessageContaining("value 0").hasMessageContaining("boolean");
        assertThatThrownBy(() -> convert(f(DataType.STRING, "true"), "boolean")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> convert(f(DataType.BOOLEAN, true), "bigint")).isInstanceOf(WarehouseException.class);
    }

    @Test
    void uncategorisedColumnGetsTheTextForm() throws Exception {
        assertThat(ValueConverter.convert("events", dec("1.0"), "jsonb", null)).isEqualTo("1.0");
        assertThat(ValueConverter.convert("events", f(DataType.BOOLEAN, false), "date", null)).isEqualTo("false");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String big = "x".repeat(5000);
        assertThatThrownBy(() -> convert(f(DataType.STRING, big), "bigint"))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void javaNumberTypesAreAccepted() throws Exception {
        assertThat(convert(f(DataType.INTEGER, 5), "bigint")).isEqualTo(5L);
        assertThat(convert(f(DataType.FLOAT, 2.0d), "bigint")).isEqualTo(2L);
        assertThatThrownBy(() -> convert(f(DataType.FLOAT, 2.5d), "bigint")).hasMessageContaining("2.5");
        assertThat(convert(f(DataType.INTEGER, new java.math.BigInteger("12")), "double precision")).isEqualTo(12.0);
    }
}
