package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.H2Fixture;
import io.luden.stream.sinks.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The multi-row statements of a batch: several per batch, and a replay that meets rows in a later one
 * after earlier ones inserted theirs (the MERGE then leaves those as they are).
 */
class H2BulkPathTest extends WarehouseTestBase {
    private static final int COLUMNS = 40; // 2000 / 41 values: 48 rows per statement

    @Override
    protected DatabaseFixture database() {
        return H2Fixture.get();
    }

    private static Row wide(String id, String value) {
        Field[] f = new Field[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            f[c] = str("c" + c, value + " " + c);
        }
        return row("t", id, f);
    }

    @Test
    void aReplayMeetingRowsInALaterStatementIsMergedWhole() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "seed", str("c0", "x")), cache);
        List<Row> first = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            first.add(wide("r" + k, "first"));
        }
        // the first capture of a logger in a JVM adds its configuration, which resets its level (LogCapture)
        LogCapture.debug(GuinsooDialect.class).close();
        try (LogCapture logs = LogCapture.debug(GuinsooDialect.class)) {
            assertThat(w.write("t", first, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).containsExactly("copied 100 rows into " + schema + ".t");
        }
        // 150 rows, the 100 already there at the end: the first statements insert, a later one meets a key
        List<Row> replay = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            replay.add(wide("n" + k, "new"));
        }
        for (int k = 0; k < 100; k++) {
            replay.add(wide("r" + k, "replayed"));
        }
        try (LogCapture logs = LogCapture.debug(GuinsooDialect.class)) {
            assertThat(w.write("t", replay, cache)).allMatch(RowResult::isWritten);
            assertThat(logs.messages()).hasSize(2);
            assertThat(logs.messages().get(0)).startsWith("INSERT into " + schema + ".t met a key already there");
            assertThat(logs.messages().get(1)).isEqualTo("staged 150 rows for " + schema + ".t through MERGE");
        }
        assertThat(count("t")).isEqualTo(151);
        assertThat(text("t", "c7", EVENT_ID + " = 'r99'")).isEqualTo("first 7");
        assertThat(text("t", "c7", EVENT_ID + " = 'n0'")).isEqualTo("new 7");
        assertThat(H2Dialect.MAX_PARAMETERS_PER_STATEMENT / (COLUMNS + 1)).isLessThan(50);
    }
}
