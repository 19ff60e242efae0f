package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 4 item 6: {@code data_layout.max_columns} per table. A row that would take a table past the
 * limit (by CREATE or by ADD COLUMNs) fails as DATA with a reason, and nothing is created or altered.
 */
public abstract class AbstractMaxColumnsTest extends WarehouseTestBase {

    @Test
    @Timeout(120)
    void anEventWithTenThousandKeysIsDataAgainstTheDefaultLimitAndNoTableIsCreated() {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            fields.add(str(String.format("k%05d", i), "v" + i));
        }
        Warehouse w = warehouse();
        assertThat(w.maxColumns()).isEqualTo(Warehouse.DEFAULT_MAX_COLUMNS).isEqualTo(1000);

        WarehouseException e = refused(w, row("wide", "e1", fields.toArray(Field[]::new)), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage())
                .contains("table \"wide\"", "would have 10001 columns", "max_columns 1000", "new table",
                        "\"eventn_ctx_event_id\"", "\"k00000\"", "\"k00001\"", "…", "nothing was created or altered")
                .doesNotContain("k09999")
                .hasSizeLessThan(500);
        assertThat(columnTypes("wide")).isEmpty();
        assertThat(cache.asMap()).doesNotContainKey("wide");
    }

    @Test
    void aRowAddingColumnsPastTheLimitIsDataAndTheTableIsNotAltered() throws Exception {
        Warehouse w = warehouseWithMaxColumns(5);
        w.write(row("events", "e1", str("a", "1"), str("b", "1"), str("c", "1")), cache); // 4 columns
        assertThat(columnTypes("events")).hasSize(4);

        WarehouseException e = refused(w, row("events", "e2", str("a", "2"), str("d", "2"), str("e", "2")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("table \"events\"", "would have 6 columns", "max_columns 5",
                "4 existing + 2 new", "new columns: \"d\", \"e\";");
        assertThat(columnTypes("events")).containsOnlyKeys("a", "b", "c", EVENT_ID);
        assertThat(count("events")).isEqualTo(1);
        // the cached schema was not the reason: the refusal stands against the warehouse's own schema
        assertThat(cache.get("events").columns).containsOnlyKeys("a", "b", "c", EVENT_ID);
    }

    @Test
    void writesWithinTheLimitWork() throws Exception {
        Warehouse w = warehouseWithMaxColumns(5);
        w.write(row("events", "e1", str("a", "1"), str("b", "1"), str("c", "1")), cache);
        w.write(row("events", "e2", str("a", "2"), str("d", "2")), cache); // exactly 5 columns
        w.write(row("events", "e3", str("b", "3"), str("c", "3"), str("d", "3")), cache); // no new column at the limit

        assertThat(columnTypes("events")).containsOnlyKeys("a", "b", "c", "d", EVENT_ID);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("d")).containsExactly(null, "2", "3");
        // a new table at exactly the limit is created; one more column is not
        w.write(row("other", "o1", str("a", "1"), str("b", "1"), str("c", "1"), str("d", "1")), cache);
        assertThat(columnTypes("other")).hasSize(5);
        assertThat(refused(w, row("third", "t1", str("a", "1"), str("b", "1"), str("c", "1"), str("d", "1"),
                str("e", "1")), cache).kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(columnTypes("third")).isEmpty();
    }

    @Test
    void theLimitIsPerTableAndOnlyCountsColumnsTheTableLacks() throws Exception {
        Warehouse w = warehouseWithMaxColumns(3);
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        // a table made wider elsewhere keeps taking rows that add no column
        exec("CREATE TABLE " + table("legacy") + " (a VARCHAR, b VARCHAR, c VARCHAR, d VARCHAR, "
                + dialect().quote(EVENT_ID) + " VARCHAR)");
        w.write(row("legacy", "l1", str("a", "1"), str("d", "1")), cache);
        assertThat(count("legacy")).isEqualTo(1);
        assertThat(refused(w, row("legacy", "l2", str("z", "2")), cache).getMessage())
                .contains("would have 6 columns", "max_columns 3", "5 existing + 1 new", "\"z\"");
        w.write(row("small", "s1", str("a", "1"), str("b", "1")), cache);
        assertThat(columnTypes("small")).hasSize(3);
    }

    @Test
    void longNewColumnNamesAreShortenedInTheReason() {
        String longName = "x".repeat(200);
        WarehouseException e = refused(warehouseWithMaxColumns(1), row("events", "e1", str(longName, "1")), cache);
        assertThat(e.getMessage()).contains("\"" + "x".repeat(64) + "…\"").doesNotContain("x".repeat(65));
    }

    @Test
    void maxColumnsMustBeAtLeastOne() {
        assertThatThrownBy(() -> new Warehouse(settings(), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_columns");
    }
}
