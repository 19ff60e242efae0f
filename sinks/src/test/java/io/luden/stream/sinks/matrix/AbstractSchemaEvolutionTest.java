package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Warehouse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9: new fields become nullable columns; columns are never dropped and their types never change. */
public abstract class AbstractSchemaEvolutionTest extends WarehouseTestBase {

    @Test
    void addsMissingColumnsAsNullable() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        w.write(row("events", "e2", str("a", "2"), integer("b", 5), bool("c", false)), cache);

        assertThat(columnTypes("events")).containsOnlyKeys("a", "b", "c", EVENT_ID);
        assertThat(category("events", "b")).isEqualTo(DataType.INTEGER);
        assertThat(category("events", "c")).isEqualTo(DataType.BOOLEAN);
        List<Map<String, Object>> rows = rows("events", EVENT_ID);
        assertThat(rows.get(0)).containsEntry("a", "1").containsEntry("b", null).containsEntry("c", null);
        assertThat(rows.get(1)).containsEntry("a", "2").containsEntry("b", 5L).containsEntry("c", false);
    }

    @Test
    void updatesTheCacheAfterAddingColumns() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        w.write(row("events", "e2", str("new_col", "x")), cache);

        assertThat(cache.get("events").columns).containsKeys("a", "new_col", EVENT_ID);
    }

    @Test
    void neverDropsColumnsMissingFromARow() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1"), str("b", "2")), cache);
        w.write(row("events", "e2", str("b", "3")), cache);

        assertThat(columnTypes("events")).containsKeys("a", "b");
        assertThat(rows("events", EVENT_ID).get(1)).containsEntry("a", null).containsEntry("b", "3");
    }

    @Test
    void neverChangesAColumnsType() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", integer("n", 1)), cache);
        String before = columnTypes("events").get("n");
        w.write(row("events", "e2", number("n", "9.0")), cache);
        w.write(row("events", "e3", str("n", "12")), cache);

        assertThat(columnTypes("events").get("n")).isEqualTo(before);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("n")).containsExactly(1L, 9L, 12L);
    }

    /** How the database reports a column declared {@code int}. */
    protected String reportedIntType() {
        return "integer";
    }

    @Test
    void addedColumnTakesTheExplicitSqlType() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        w.write(row("events", "e2", new Field("small", DataType.INTEGER, 3L, "int", null)), cache); // SQL int, not Jitsu's "integer"

        assertThat(columnTypes("events").get("small").toLowerCase(Locale.ROOT)).isEqualTo(reportedIntType());
        assertThat(((Number) rows("events", EVENT_ID).get(1).get("small")).longValue()).isEqualTo(3);
    }

    @Test
    void manyNewColumnsAtOnce() throws Exception {
        Warehouse w = warehouse();
        w.write(row("wide", "e1", str("a", "1")), cache);
        Field[] fields = new Field[30];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = integer(String.format("c%02d", i), i);
        }
        w.write(row("wide", "e2", fields), cache);

        assertThat(columnTypes("wide")).hasSize(32);
        assertThat(rows("wide", EVENT_ID).get(1)).containsEntry("c29", 29L).containsEntry("c00", 0L);
    }
}
