package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.LogCapture;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }

    /** A table Luden created takes a batch by COPY straight in; a replay of it meets its rows and goes through staging. */
    @Test
    void newRowsAreCopiedStraightInAndAReplayGoesThroughStaging() throws Exception {
        Warehouse w = warehouse();
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("a", "fill " + k), integer("n", k)));
        w.write(row("t", "pre", str("a", "x"), integer("n", 0)), cache);
        try (LogCapture logs = LogCapture.debug(PostgresDialect.class)) {
            assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).singleElement().asString().startsWith("copied " + BIG + " rows into ");
        }
        List<Row> replay = new ArrayList<>(batch);
        replay.add(row("t", "new", str("a", "y"), integer("n", -1)));
        try (LogCapture logs = LogCapture.debug(PostgresDialect.class)) {
            assertThat(w.write("t", replay, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).hasSize(2);
            assertThat(logs.messages().get(0)).startsWith("COPY into ").contains("going through staging");
            assertThat(logs.messages().get(1)).startsWith("staged " + (BIG + 1) + " rows");
        }
        assertThat(count("t")).isEqualTo(BIG + 2);
    }

    @Test
    void aSmallBatchIsTheRowsOwnInsertsInOneTransaction() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "pre", str("a", "x")), cache);
        List<Row> batch = padded(PostgresDialect.COPY_MIN_ROWS - 1, k -> row("t", "f" + k, str("a", "fill")));
        try (LogCapture logs = LogCapture.debug(PostgresDialect.class)) {
            assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(bulkWrites(logs.messages())).isEmpty();
        }
        assertThat(count("t")).isEqualTo(PostgresDialect.COPY_MIN_ROWS);
    }

    @Test
    void valueTooLongForAUsersVarcharIsRefusedAlone() throws Exception {
        createInBoth("t", "eventn_ctx_event_id text UNIQUE, code varchar(10), n integer");
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("code", "c" + k), integer("n", k)),
                row("t", "long", str("code", "eleven char")),
                row("t", "int-overflow", integer("n", 3_000_000_000L)),
                row("t", "ok", str("code", "ten chars!")));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, "eventn_ctx_event_id");

        assertThat(results.get(BIG / 2).reason()).contains("character varying(10)");
        assertThat(results.get(BIG / 2 + 1).reason()).contains("integer");
        assertThat(count("t")).isEqualTo(BIG + 1);
    }

    /** A server-side connection-class error inside the bulk INSERT (a trigger stands in for a dropped session). */
    @Test
    void connectionClassErrorInsideTheBulkInsertMakesEveryRowRetryAndWritesNothing() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "pre", str("a", "x")), cache);
        exec("CREATE FUNCTION " + dialect().quote(schema) + ".fail() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.a = 'boom' THEN RAISE EXCEPTION 'test: lost' USING ERRCODE = '08006'; END IF;"
                + " RETURN NEW; END $$");
        exec("CREATE TRIGGER fail BEFORE INSERT ON " + table("t") + " FOR EACH ROW EXECUTE FUNCTION "
                + dialect().quote(schema) + ".fail()");
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("a", "fill")), row("t", "boom", str("a", "boom")));

        List<RowResult> results = w.write("t", batch, cache);

        assertThat(results).allSatisfy(r -> assertThat(r.kind()).isEqualTo(RowResult.Kind.RETRY));
        assertThat(count("t")).isEqualTo(1);
    }

    @Test
    void nulInTextIsRefusedAloneAsTheSingleRowInsertRefusesIt() throws Exception {
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("a", "fill")), row("t", "nul", str("a", "a\u0000b")));

        List<RowResult> results = sameAsOneByOne("t", List.of(row("t", "pre", str("a", "x"))), batch, "eventn_ctx_event_id");

        assertThat(results.get(BIG / 2).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(BIG / 2).reason()).contains("0x00");
        assertThat(count("t")).isEqualTo(BIG + 1);
    }
}
