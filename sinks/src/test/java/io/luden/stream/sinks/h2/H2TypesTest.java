package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.H2Fixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** H2's own column types in tables a user made: JSON, CLOB, a short VARCHAR, an exact NUMERIC. */
class H2TypesTest extends WarehouseTestBase {
    @Override
    protected DatabaseFixture database() {
        return H2Fixture.get();
    }

    private Warehouse userTable() {
        exec("CREATE SCHEMA " + dialect().quote(schema));
        exec("CREATE TABLE " + table("t") + " (\"eventn_ctx_event_id\" CHARACTER VARYING UNIQUE, \"j\" JSON,"
                + " \"doc\" CHARACTER LARGE OBJECT, \"code\" CHARACTER VARYING(3), \"amount\" NUMERIC(10,2))");
        return warehouse();
    }

    @Test
    void jsonTextIsStoredAsJsonNotAsAJsonString() throws Exception {
        Warehouse w = userTable();
        w.write(row("t", "e1", str("j", "{\"a\":[1,2]}")), cache);

        assertThat(text("t", "j", EVENT_ID + " = 'e1'")).isEqualTo("{\"a\":[1,2]}");
        assertThat(database().query("SELECT CAST(JSON_ARRAY(\"j\" FORMAT JSON) AS VARCHAR) AS v FROM " + table("t")).get(0).get("v"))
                .asString().isEqualTo("[{\"a\":[1,2]}]");
        WarehouseException e = refused(w, row("t", "e2", str("j", "{not json")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"t\"");
    }

    @Test
    void clobIsAStringColumn() throws Exception {
        Warehouse w = userTable();
        w.write(row("t", "e1", integer("doc", 42)), cache);

        assertThat(category("t", "doc")).isEqualTo(DataType.STRING);
        assertThat(text("t", "doc", EVENT_ID + " = 'e1'")).isEqualTo("42");
    }

    @Test
    void tooLongForAShortVarcharIsRefusedNotCut() throws Exception {
        Warehouse w = userTable();

        WarehouseException e = refused(w, row("t", "e1", str("code", "abcd")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"t\"").contains("code").contains("abcd");
        assertThat(count("t")).isZero();
    }

    @Test
    void numericKeepsItsScaleOrRefusesTheValue() throws Exception {
        Warehouse w = userTable();
        w.write(row("t", "e1", number("amount", "12.5")), cache);

        WarehouseException e = refused(w, row("t", "e2", number("amount", "1.234")), cache);

        assertThat(text("t", "amount", EVENT_ID + " = 'e1'")).isEqualTo("12.50");
        assertThat(e.getMessage()).contains("\"amount\"").contains("1.234").contains("decimal places");
        assertThat(count("t")).isEqualTo(1);
    }

    /** A replayed batch of key-only rows is one MERGE that inserts what is missing, without isolating rows. */
    @Test
    void keyOnlyUpsertBatchOverExistingRowsStaysInBulk() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("ids", null, integer("id", 1)), cache);
        java.util.List<io.luden.stream.sinks.Row> batch = new java.util.ArrayList<>();
        for (int k = 0; k < 10; k++) {
            batch.add(row("ids", null, integer("id", k)));
        }
        try (io.luden.stream.sinks.testing.LogCapture isolation =
                     io.luden.stream.sinks.testing.LogCapture.debug(io.luden.stream.sinks.jdbc.BatchInserter.class)) {
            assertThat(w.write("ids", batch, cache)).allMatch(io.luden.stream.sinks.RowResult::isWritten);
            assertThat(isolation.messages()).isEmpty();
        }
        assertThat(count("ids")).isEqualTo(10);
    }
}
