package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9: a missing table is created with the row's columns, SPEC §8's types and a key. */
public abstract class AbstractTableCreationTest extends WarehouseTestBase {

    @Test
    void createsSchemaAndTableWithMappedTypes() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("name", "alice"), integer("n", 42), number("f", "1.5"),
                bool("ok", true), ts("_timestamp", "2020-06-16T23:00:00.123456Z")), cache);

        assertThat(database().query("SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?",
                database().storedName(schema)))
                .hasSize(1);
        assertThat(columnTypes("events")).containsOnlyKeys("_timestamp", EVENT_ID, "f", "n", "name", "ok");
        assertThat(category("events", "name")).isEqualTo(DataType.STRING);
        assertThat(category("events", "n")).isEqualTo(DataType.INTEGER);
        assertThat(category("events", "f")).isEqualTo(DataType.FLOAT);
        assertThat(category("events", "ok")).isEqualTo(DataType.BOOLEAN);
        assertThat(category("events", "_timestamp")).isEqualTo(DataType.TIMESTAMP);
        Map<String, Object> r = rows("events", EVENT_ID).get(0);
        assertThat(r).containsEntry("name", "alice").containsEntry("n", 42L).containsEntry("f", 1.5)
                .containsEntry("ok", true).containsEntry(EVENT_ID, "e1");
        assertThat(text("events", "_timestamp", "true")).isEqualTo("2020-06-16 23:00:00.123456");
    }

    @Test
    void columnTypesAreTheDialectsTypeMap() throws Exception {
        warehouse().write(row("events", "e1", str("s", "x"), integer("i", 1), number("f", "1.5"),
                bool("b", true), ts("t", "2020-01-01T00:00:00Z")), cache);

        TableSchema read = readSchema("events");
        for (String[] c : new String[][] {{"s", "STRING"}, {"i", "INTEGER"}, {"f", "FLOAT"}, {"b", "BOOLEAN"}, {"t", "TIMESTAMP"}}) {
            String expected = reportedType(DataType.valueOf(c[1])).toLowerCase(Locale.ROOT);
            assertThat(read.columns.get(c[0]).toLowerCase(Locale.ROOT)).as("column %s", c[0]).startsWith(expected);
        }
    }

    @Test
    void createdTableHasUniqueKeyOnEventIdAndIsCached() throws Exception {
        warehouse().write(row("events", "e1", str("name", "alice")), cache);

        TableSchema read = readSchema("events");
        assertThat(read.primaryKey).isEmpty();
        assertThat(read.uniqueKeys).containsExactly(EVENT_ID);
        assertThat(cache.get("events")).isEqualTo(read);
    }

    @Test
    void createsPrimaryKeyWhenConfigured() throws Exception {
        warehouse("id", "kind").write(row("users", "e1", integer("id", 7), str("kind", "a"), str("name", "bob")), cache);

        TableSchema read = readSchema("users");
        assertThat(read.primaryKey).containsExactly("id", "kind");
        assertThat(read.uniqueKeys).isEmpty();
        assertThat(rows("users", "id")).singleElement().satisfies(r -> assertThat(r).containsEntry("name", "bob"));
    }

    @Test
    void missingPrimaryKeyFieldIsADataError() {
        WarehouseException e = refused(warehouse("id"), row("users", "e1", str("name", "bob")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("users").contains("id");
        assertThat(columnTypes("users")).isEmpty();
    }

    @Test
    void rowWithoutEventIdGetsATableWithoutKey() throws Exception {
        Warehouse w = warehouse();
        w.write(row("logs", null, str("line", "x")), cache);
        w.write(row("logs", null, str("line", "x")), cache);

        assertThat(readSchema("logs").uniqueKeys).isEmpty();
        assertThat(count("logs")).isEqualTo(2);
    }

    /** How the database reports a column it created with {@code dialect().sqlType(type)}. */
    protected String reportedType(DataType type) {
        return dialect().sqlType(type);
    }

    /** How the database reports a column declared {@code int}; Snowflake has one integer type, NUMBER(38,0). */
    protected String reportedIntType() {
        return "integer";
    }

    @Test
    void explicitSqlTypeWinsOverTheTypeMap() throws Exception {
        warehouse().write(row("events", "e1",
                new Field("small", DataType.INTEGER, 7L, "int", null), // "integer" would be Jitsu's name for bigint
                new Field("amount", DataType.FLOAT, new java.math.BigDecimal("12.25"), "numeric(38,18)", null)), cache);

        assertThat(columnTypes("events").get("small").toLowerCase(Locale.ROOT)).isEqualTo(reportedIntType());
        assertThat(columnTypes("events").get("amount").toLowerCase(Locale.ROOT)).matches("(numeric|decimal).*");
        assertThat(((Number) rows("events", EVENT_ID).get(0).get("small")).longValue()).isEqualTo(7);
        assertThat(new java.math.BigDecimal(text("events", "amount", "true"))).isEqualByComparingTo("12.25");
    }

    @Test
    void explicitTypeCarryingSqlIsRefused() {
        Row hostile = row("events", "e1", new Field("x", DataType.STRING, "v", "text); DROP TABLE y; --", null));

        WarehouseException e = refused(warehouse(), hostile, cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"x\"").contains("DROP TABLE y");
        assertThat(columnTypes("events")).isEmpty();
    }

    @Test
    void timestampsAreStoredInUtcWithMicroseconds() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "offset", ts("at", "2020-06-16T23:00:00.5+03:00")), cache);
        w.write(row("t", "zoneless", ts("at", "2020-06-16T23:00:00")), cache);
        w.write(row("t", "nanos", ts("at", "2020-06-16T23:00:00.123456789Z")), cache);
        w.write(row("t", "space", ts("at", "2020-06-16 08:00:00-0130")), cache);
        w.write(row("t", "lower", ts("at", "2020-06-16t23:00:00.25z")), cache);
        w.write(row("t", "space_z", ts("at", "2020-06-16 23:00:00Z")), cache);

        assertThat(text("t", "at", EVENT_ID + " = 'offset'")).isEqualTo("2020-06-16 20:00:00.5");
        assertThat(text("t", "at", EVENT_ID + " = 'zoneless'")).isEqualTo("2020-06-16 23:00:00");
        assertThat(text("t", "at", EVENT_ID + " = 'nanos'")).isEqualTo("2020-06-16 23:00:00.123456");
        assertThat(text("t", "at", EVENT_ID + " = 'space'")).isEqualTo("2020-06-16 09:30:00");
        assertThat(text("t", "at", EVENT_ID + " = 'lower'")).isEqualTo("2020-06-16 23:00:00.25");
        assertThat(text("t", "at", EVENT_ID + " = 'space_z'")).isEqualTo("2020-06-16 23:00:00");
        assertThat(category("t", "at")).isEqualTo(DataType.TIMESTAMP);
    }

    @Test
    void readSchemaOfAMissingTableIsNull() throws Exception {
        warehouse().write(row("present", "e1", str("a", "x")), cache);

        assertThat(readSchema("absent")).isNull();
        assertThat(readSchema("present").columns).containsOnlyKeys("a", EVENT_ID);
    }

    protected TableSchema readSchema(String table) throws Exception {
        Connection c = database().connection();
        synchronized (database()) {
            return dialect().readSchema(c, schema, table);
        }
    }

    protected static List<String> list(String... s) {
        return List.of(s);
    }
}
