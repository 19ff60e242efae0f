package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §10: a failed write re-reads the schema from the warehouse, patches, and inserts once more. */
public abstract class AbstractStaleSchemaRetryTest extends WarehouseTestBase {

    @Test
    void tableDroppedBehindTheCacheIsCreatedAgain() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        exec("DROP TABLE " + table("events"));

        w.write(row("events", "e2", str("a", "2")), cache);

        assertThat(rows("events", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("a", "2"));
        assertThat(cache.get("events").uniqueKeys).containsExactly(EVENT_ID);
    }

    @Test
    void columnDroppedBehindTheCacheIsAddedAgain() throws Exception {
        Warehouse w = warehouse();
        // "z": DuckDB cannot drop a column that precedes an indexed one (eventn_ctx_event_id)
        w.write(row("events", "e1", str("a", "1"), str("z", "1")), cache);
        exec("ALTER TABLE " + table("events") + " DROP COLUMN z");

        w.write(row("events", "e2", str("a", "2"), str("z", "2")), cache);

        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("z")).containsExactly(null, "2");
    }

    @Test
    void columnRetypedBehindTheCacheIsReadAgain() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", integer("n", 1)), cache);
        exec("ALTER TABLE " + table("events") + " DROP COLUMN n");
        exec("ALTER TABLE " + table("events") + " ADD COLUMN n " + dialect().sqlType(io.luden.stream.sinks.DataType.STRING));

        // the cached bigint would refuse "hello"; the fresh schema says text
        w.write(row("events", "e2", str("n", "hello")), cache);

        assertThat(rows("events", EVENT_ID).get(1)).containsEntry("n", "hello");
        assertThat(cache.get("events").columns.get("n")).isEqualTo(columnTypes("events").get("n"));
    }

    @Test
    void failingTwiceIsADataErrorAndTheCacheHoldsTheFreshSchema() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", integer("n", 1)), cache);

        WarehouseException e = refused(w, row("events", "e2", str("n", "abc")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(cache.get("events").columns).containsKeys("n", EVENT_ID);
        assertThat(count("events")).isEqualTo(1);
        w.write(row("events", "e3", integer("n", 3)), cache);
        assertThat(count("events")).isEqualTo(2);
    }
}
