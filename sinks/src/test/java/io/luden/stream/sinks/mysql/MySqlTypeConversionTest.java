package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.luden.stream.sinks.Warehouse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class MySqlTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    /**
     * MySQL has no {@code timestamp with time zone}; its TIMESTAMP stores an instant, converted from
     * the session's zone, which Luden sets to UTC: the instant is kept.
     */
    @Test
    @Replaces("timestampWithTimeZoneColumnGetsTheInstant")
    void timestampColumnGetsTheInstant() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "init", integer("i", 1)), cache);
        exec("ALTER TABLE " + table("t") + " ADD COLUMN tz TIMESTAMP(6) NULL");
        cache.remove("t");
        w.write(row("t", "e", ts("tz", "2020-01-01T10:00:00+02:00")), cache);

        Object epoch = database().query("SELECT UNIX_TIMESTAMP(tz) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'e'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1577865600L);
    }

    /** A DATETIME(6) cannot hold the year 10000 (9999-12-31T23:00-05:00 in UTC): refused naming the value, not clipped. */
    @Test
    void timestampBeyondTheYear9999IsRefused() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "init", ts("ts", "2020-01-01T00:00:00Z")), cache);

        var e = refused(w, row("t", "e", ts("ts", "9999-12-31T23:00:00-05:00")), cache);

        assertThat(e.kind()).isEqualTo(io.luden.stream.sinks.WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"t\"").contains("ts").contains("10000-01-01");
        assertThat(count("t")).isEqualTo(1);
    }
}
