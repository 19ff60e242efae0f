package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.Replaces;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class ClickHouseTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Test
    @Replaces(value = "timestampWithTimeZoneColumnGetsTheInstant",
            because = "ClickHouse has no 'timestamp with time zone' nor EXTRACT(EPOCH): a DateTime64 names its zone")
    void dateTime64OfAnotherZoneGetsTheInstant() throws Exception {
        io.luden.stream.sinks.Warehouse w = warehouse();
        w.write(row("t", "init", integer("i", 1)), cache);
        exec("ALTER TABLE " + table("t") + " ADD COLUMN tz Nullable(DateTime64(6, 'Asia/Tokyo'))");
        cache.remove("t");
        w.write(row("t", "e", ts("tz", "2020-01-01T10:00:00+02:00")), cache);

        Object epoch = database().query("SELECT toUnixTimestamp(tz) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'e'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1577865600L);
    }
}
