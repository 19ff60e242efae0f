package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9: a value meets an existing column of another type: converted only when exact, else refused by name. */
public abstract class AbstractTypeConversionTest extends WarehouseTestBase {

    private Warehouse withColumns() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "init", integer("i", 1), number("f", "0.5"), str("s", "x"), bool("b", true),
                ts("ts", "2020-01-01T00:00:00Z")), cache);
        return w;
    }

    @Test
    void integerIntoFloatColumn() throws Exception {
        withColumns().write(row("t", "e", integer("f", 2)), cache);

        assertThat(rows("t", EVENT_ID).get(0).get("f")).isEqualTo(2.0);
    }

    @Test
    void scalarsIntoTextColumnKeepTheirJsonForm() throws Exception {
        Warehouse w = withColumns();
        w.write(row("t", "int", integer("s", 50)), cache);
        w.write(row("t", "float", number("s", "50.0")), cache);
        w.write(row("t", "bool", bool("s", true)), cache);
        w.write(row("t", "ts", ts("s", "2020-01-01T10:00:00+02:00")), cache);

        assertThat(text("t", "s", EVENT_ID + " = 'int'")).isEqualTo("50");
        assertThat(text("t", "s", EVENT_ID + " = 'float'")).isEqualTo("50.0");
        assertThat(text("t", "s", EVENT_ID + " = 'bool'")).isEqualTo("true");
        assertThat(text("t", "s", EVENT_ID + " = 'ts'")).isEqualTo("2020-01-01T10:00:00+02:00");
    }

    @Test
    void integralFloatIntoIntegerColumn() throws Exception {
        withColumns().write(row("t", "e", number("i", "9.0")), cache);

        assertThat(rows("t", EVENT_ID).get(0).get("i")).isEqualTo(9L);
    }

    @Test
    void fractionalFloatIntoIntegerColumnIsRefusedNotRounded() throws Exception {
        Warehouse w = withColumns();

        WarehouseException e = refused(w, row("t", "e", number("i", "3.14")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"t\"").contains("\"i\"").contains("3.14")
                .containsIgnoringCase(dialect().sqlType(DataType.INTEGER));
        assertThat(count("t")).isEqualTo(1);
    }

    @Test
    void numericStringIntoNumberColumns() throws Exception {
        Warehouse w = withColumns();
        w.write(row("t", "e", str("i", "42"), str("f", "2.25")), cache);

        assertThat(rows("t", EVENT_ID).get(0)).containsEntry("i", 42L).containsEntry("f", 2.25);
    }

    @Test
    void textIntoIntegerColumnIsRefusedNamingTheValue() throws Exception {
        WarehouseException e = refused(withColumns(), row("t", "e", str("i", "a")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"i\"").contains("\"a\"").contains("\"t\"");
    }

    @Test
    void isoStringIntoTimestampColumn() throws Exception {
        withColumns().write(row("t", "e", str("ts", "2021-02-03T04:05:06.789+01:00")), cache);

        assertThat(text("t", "ts", EVENT_ID + " = 'e'")).isEqualTo("2021-02-03 03:05:06.789");
    }

    @Test
    void lowerCaseAndSpaceSeparatedIsoStringsIntoTimestampColumn() throws Exception {
        Warehouse w = withColumns();
        w.write(row("t", "lower", str("ts", "2021-02-03t04:05:06.789z")), cache);
        w.write(row("t", "space", str("ts", "2021-02-03 04:05:06.789+01:00")), cache);

        assertThat(text("t", "ts", EVENT_ID + " = 'lower'")).isEqualTo("2021-02-03 04:05:06.789");
        assertThat(text("t", "ts", EVENT_ID + " = 'space'")).isEqualTo("2021-02-03 03:05:06.789");
    }

    @Test
    void impossibleDateIntoTimestampColumnIsRefusedNotMovedToAnotherDay() throws Exception {
        WarehouseException e = refused(withColumns(), row("t", "e", str("ts", "2021-02-30T04:05:06Z")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"ts\"").contains("\"2021-02-30T04:05:06Z\"");
        assertThat(count("t")).isEqualTo(1); // the first row only
    }

    @Test
    void integerIntoBooleanColumnIsRefused() throws Exception {
        WarehouseException e = refused(withColumns(), row("t", "e", integer("b", 0)), cache);

        assertThat(e.getMessage()).contains("\"b\"").contains(" 0 ").containsIgnoringCase("boolean");
        assertThat(count("t")).isEqualTo(1);
    }

    @Test
    void integerNotExactAsDoubleIsRefused() throws Exception {
        WarehouseException e = refused(withColumns(), row("t", "e", integer("f", 9007199254740993L)), cache);

        assertThat(e.getMessage()).contains("9007199254740993");
    }

    @Test
    void columnOfUncategorisedTypeLetsTheDatabaseCheckTheText() throws Exception {
        Warehouse w = withColumns();
        exec("ALTER TABLE " + table("t") + " ADD COLUMN d date");
        cache.remove("t");
        w.write(row("t", "ok", str("d", "2020-02-29")), cache);

        assertThat(text("t", "d", EVENT_ID + " = 'ok'")).isEqualTo("2020-02-29");
        WarehouseException e = refused(w, row("t", "bad", str("d", "not a date")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"t\"");
        assertThat(count("t")).isEqualTo(2);
    }

    @Test
    void castTypeWrapsThePlaceholder() throws Exception {
        warehouse().write(row("t", "e", new Field("d", DataType.STRING, "2020-03-01", "date", "date")), cache);

        assertThat(columnTypes("t").get("d").toLowerCase(Locale.ROOT)).isEqualTo("date");
        assertThat(text("t", "d", "true")).isEqualTo("2020-03-01");
    }

    @Test
    void timestampWithTimeZoneColumnGetsTheInstant() throws Exception {
        Warehouse w = withColumns();
        exec("ALTER TABLE " + table("t") + " ADD COLUMN tz timestamp with time zone");
        cache.remove("t");
        w.write(row("t", "e", ts("tz", "2020-01-01T10:00:00+02:00")), cache);

        Object epoch = database().query("SELECT CAST(EXTRACT(EPOCH FROM tz) AS BIGINT) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'e'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1577865600L);
    }
}
