package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.FailingCommitDriver;
import io.luden.stream.sinks.testing.LogCapture;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.RedshiftRulesCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedshiftRulesCheck.class)
class RedshiftBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return RedshiftFixture.get();
    }

    /** Redshift folds quoted identifiers to lower case: a row's column names must be lower case already (as Luden makes them). */
    @Override
    protected String column(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Redshift has no uuid type; date is one it checks itself. */
    @Override
    protected String[] uncategorisedType() {
        return new String[] {"date", "2020-02-29", "2020-02-30"};
    }

    /**
     * Redshift enforces no key, so a keyed row is written by the staged statements in a transaction of its
     * own, not by one autocommitted INSERT: a failing commit is met. What holds: a one-row batch is exactly
     * {@code write(Row)} — both meet it as a connection error, both write the row once commits pass, and a
     * bad row gets the same reason. A row of a table without key is one autocommitted INSERT.
     */
    @Test
    @Override
    protected void aOneRowBatchIsTheSingleRowAutocommittedInsert() throws Exception {
        Warehouse w = warehouse(database().settings(schema, FailingCommitDriver.parameters(schema)));
        w.write(row("t", "pre", integer("n", 1)), cache);
        FailingCommitDriver.failCommits(schema, 1);
        assertThat(w.write("t", List.of(row("t", "e1", integer("n", 2))), cache))
                .singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(RowResult.Kind.RETRY));
        FailingCommitDriver.failCommits(schema, 1);
        assertThat(refused(w, row("t", "e1", integer("n", 2)), cache).kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        FailingCommitDriver.failCommits(schema, 0);

        assertThat(w.write("t", List.of(row("t", "e1", integer("n", 2))), cache)).containsExactly(RowResult.written());
        Row bad = row("t", "e2", str("n", "abc"));
        List<RowResult> refused = w.write("t", List.of(bad), cache);
        assertThat(refused).containsExactly(RowResult.refused(refused(w, bad, cache).getMessage()));
        assertThat(count("t")).isEqualTo(2);

        exec("CREATE TABLE " + table("plain") + " (n bigint)");
        FailingCommitDriver.failCommits(schema, 1);
        assertThat(w.write("plain", List.of(new Row("plain", null, List.of(integer("n", 3)))), cache))
                .containsExactly(RowResult.written());
        FailingCommitDriver.failCommits(schema, 0);
        assertThat(count("plain")).isEqualTo(1);
    }

    /** More bind parameters than one Redshift statement takes (32,767): the INSERT is cut into several. */
    @Test
    void aWideBatchIsStagedInStatementsWithinTheParameterLimit() throws Exception {
        int columns = 40;
        int rows = 1000;
        List<Row> batch = new ArrayList<>();
        for (int k = 0; k < rows; k++) {
            List<Field> fields = new ArrayList<>();
            for (int c = 0; c < columns - 1; c++) {
                fields.add(integer("c" + c, (long) k * c));
            }
            batch.add(row("wide", "w" + k, fields.toArray(new Field[0])));
        }
        Warehouse w = warehouse();
        w.write(batch.get(0), cache);
        try (LogCapture logs = LogCapture.debug(RedshiftDialect.class)) {
            assertThat(w.write("wide", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(bulkWrites(logs.messages())).containsExactly(rows);
        }
        assertThat(count("wide")).isEqualTo(rows);
        assertThat(text("wide", "c38", EVENT_ID + " = 'w999'")).isEqualTo(String.valueOf(999L * 38));
    }

    /**
     * The event id as text: the keys already there are read and only new rows inserted. A key of another
     * type (here a user's bigint event id): staged, then INSERT … WHERE NOT EXISTS. A replay adds no row either way.
     */
    @Test
    void replaysAreSkippedByKeyProbeForTextIdsAndByTheStagedAntiJoinOtherwise() throws Exception {
        Warehouse w = warehouse();
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, integer("n", k)));
        w.write(row("t", "pre", integer("n", -1)), cache);
        try (LogCapture logs = LogCapture.debug(RedshiftDialect.class)) {
            assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).containsExactly(
                    "staged " + BIG + " rows for " + schema + ".t: " + BIG + " new, by key probe and multi-row INSERT",
                    "staged " + BIG + " rows for " + schema + ".t: 0 new, by key probe and multi-row INSERT");
        }
        assertThat(count("t")).isEqualTo(BIG + 1);

        exec("CREATE TABLE " + table("numbered") + " (" + dialect().quote(EVENT_ID) + " bigint UNIQUE, n bigint)");
        List<Row> numbered = padded(BIG, k -> row("numbered", String.valueOf(k), integer("n", k)));
        try (LogCapture logs = LogCapture.debug(RedshiftDialect.class)) {
            assertThat(w.write("numbered", numbered, cache)).allMatch(RowResult::isWritten);
            assertThat(w.write("numbered", numbered, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).containsExactly("staged " + BIG + " rows for " + schema + ".numbered",
                    "staged " + BIG + " rows for " + schema + ".numbered");
        }
        assertThat(count("numbered")).isEqualTo(BIG);
    }

    /** A table without key takes the batch by multi-row INSERT straight in, no staging. */
    @Test
    void aTableWithoutKeyTakesTheBatchStraightIn() throws Exception {
        exec("CREATE SCHEMA " + dialect().quote(schema));
        exec("CREATE TABLE " + table("plain") + " (" + dialect().quote(EVENT_ID) + " character varying(65535), a bigint)");
        List<Row> batch = padded(BIG, k -> row("plain", "p" + k, integer("a", k)));
        try (LogCapture logs = LogCapture.debug(RedshiftDialect.class)) {
            assertThat(warehouse().write("plain", batch, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).singleElement().asString().startsWith("copied " + BIG + " rows into ");
        }
        assertThat(count("plain")).isEqualTo(BIG);
    }
}
