package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §7–8: an explicit SQL type (mapping {@code type}/{@code column_type}, {@code __sql_type_}) wins
 * over the type map in the DDL and as the cast of the INSERT placeholder; Jitsu's type names
 * ({@code integer}, {@code string}, …) become the database's types.
 */
public abstract class AbstractExplicitTypesTest extends WarehouseTestBase {

    /** A field as a mapping {@code type} (cast and DDL) declares it. */
    protected static Field typed(String column, DataType type, Object value, String sqlType) {
        return new Field(column, type, value, sqlType, sqlType);
    }

    protected String typeOf(String table, String column) {
        String type = columnTypes(table).get(column);
        assertThat(type).as("type of column %s.%s", table, column).isNotNull();
        return type.toLowerCase(Locale.ROOT);
    }

    private String mapped(DataType type) {
        return dialect().sqlType(type).toLowerCase(Locale.ROOT);
    }

    @Test
    void jitsuIntegerNameCreatesBigintColumnAndCastsANumericString() throws Exception {
        warehouse().write(row("t", "e", typed("n", DataType.STRING, "42", "integer")), cache);

        assertThat(typeOf("t", "n")).isEqualTo(mapped(DataType.INTEGER)).isEqualTo("bigint");
        assertThat(rows("t", EVENT_ID).get(0)).containsEntry("n", 42L);
    }

    @Test
    void everyJitsuTypeNameBecomesTheDatabasesType() throws Exception {
        warehouse().write(row("t", "e",
                typed("s", DataType.INTEGER, 5L, "string"),
                typed("i", DataType.STRING, "7", "INTEGER"),
                typed("d", DataType.INTEGER, 2L, " double "),
                typed("ts", DataType.STRING, "2021-02-03T04:05:06Z", "timestamp"),
                typed("b", DataType.BOOLEAN, true, "boolean")), cache);

        assertThat(typeOf("t", "s")).isEqualTo(mapped(DataType.STRING));
        assertThat(typeOf("t", "i")).isEqualTo(mapped(DataType.INTEGER));
        assertThat(typeOf("t", "d")).isEqualTo(mapped(DataType.FLOAT));
        assertThat(typeOf("t", "ts")).startsWith(mapped(DataType.TIMESTAMP));
        assertThat(typeOf("t", "b")).isEqualTo(mapped(DataType.BOOLEAN));
        assertThat(rows("t", EVENT_ID).get(0)).containsEntry("s", "5").containsEntry("i", 7L)
                .containsEntry("d", 2.0).containsEntry("b", true);
        assertThat(text("t", "ts", "true")).isEqualTo("2021-02-03 04:05:06");
    }

    @Test
    void numericWithPrecisionIsTheColumnTypeAndTheCast() throws Exception {
        warehouse().write(row("t", "e", typed("amount", DataType.FLOAT, new BigDecimal("3.14"), "numeric(38,18)")), cache);

        assertThat(category("t", "amount")).isEqualTo(DataType.FLOAT);
        assertThat(text("t", "amount", "true")).isEqualTo("3.140000000000000000");
    }

    @Test
    void decimalsAreStoredWithAllTheirDigitsOrRefusedNeverLost() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e1", typed("amount", DataType.FLOAT, new BigDecimal("3.14"), "numeric(38,2)")), cache);
        // 44 digits, all but 4 of them trailing zeros: fits numeric(38,2) exactly
        w.write(row("t", "e2", typed("amount", DataType.FLOAT,
                new BigDecimal("12.500000000000000000000000000000000000000000"), "numeric(38,2)")), cache);
        // an exponent (a negative scale): 100000
        w.write(row("t", "e3", typed("amount", DataType.FLOAT, new BigDecimal("1E+5"), "numeric(38,2)")), cache);
        // 40 digits before the point: more than numeric(38,2) holds
        WarehouseException tooLong = refused(w, row("t", "e4", typed("amount", DataType.FLOAT,
                new BigDecimal("1" + "0".repeat(39)), "numeric(38,2)")), cache);

        assertThat(text("t", "amount", EVENT_ID + " = 'e2'")).isEqualTo("12.50");
        assertThat(text("t", "amount", EVENT_ID + " = 'e3'")).isEqualTo("100000.00");
        assertThat(tooLong.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(tooLong.getMessage()).contains("\"amount\"").contains("\"t\"")
                .contains("more than 36 digits before the decimal point");
        assertThat(count("t")).isEqualTo(3);
    }

    @Test
    void explicitDdlTypeWinsOverTheInferredTypeWithoutACast() throws Exception {
        warehouse().write(row("t", "e", new Field("code", DataType.INTEGER, 7L, "text", null)), cache);

        assertThat(typeOf("t", "code")).isEqualTo(mapped(DataType.STRING));
        assertThat(text("t", "code", "true")).isEqualTo("7");
    }

    @Test
    void explicitTypeOfANewColumnAddedToAnExistingTable() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e1", str("a", "x")), cache);
        w.write(row("t", "e2", typed("n", DataType.STRING, "42", "integer")), cache);

        assertThat(typeOf("t", "n")).isEqualTo(mapped(DataType.INTEGER));
        assertThat(rows("t", EVENT_ID).get(1)).containsEntry("n", 42L);
    }

    @Test
    void explicitTypeNeverChangesAnExistingColumn() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e1", integer("n", 1)), cache);
        w.write(row("t", "e2", typed("n", DataType.STRING, "5", "text")), cache);

        assertThat(typeOf("t", "n")).isEqualTo(mapped(DataType.INTEGER));
        assertThat(rows("t", EVENT_ID)).extracting(r -> r.get("n")).containsExactly(1L, 5L);
    }

    @Test
    void castToAnotherKindThanTheExistingColumnDoesNotRound() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e1", number("f", "0.5")), cache);
        w.write(row("t", "e2", typed("f", DataType.FLOAT, new BigDecimal("3.7"), "integer")), cache);

        assertThat(rows("t", EVENT_ID)).extracting(r -> r.get("f")).containsExactly(0.5, 3.7);
    }

    @Test
    void valueThatTheExplicitTypeCannotHoldIsRefusedNamingTheColumn() throws Exception {
        Warehouse w = warehouse();

        WarehouseException e = refused(w, row("t", "e", typed("n", DataType.STRING, "forty-two", "integer")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"n\"").contains("forty-two");
    }

    @Test
    void explicitTypeThatIsNotATypeNameIsRefused() throws Exception {
        WarehouseException e = refused(warehouse(),
                row("t", "e", typed("n", DataType.STRING, "1", "int); DROP TABLE x; --")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"n\"").contains("not a plain type name");
        assertThat(columnTypes("t")).isEmpty();
    }
}
