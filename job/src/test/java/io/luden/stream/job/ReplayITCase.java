package io.luden.stream.job;

import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./luden replay} end to end with the real launcher script: a bounded run sends an event to
 * {@code failed} (a type conflict), the user widens the column, replays the failed files and runs
 * again — the event is a row, nothing is doubled, and replaying the same files once more changes
 * nothing.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ReplayITCase {
    private static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    private record Result(int exitCode, String output) {}

    private Result luden(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("luden").toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("launcher-output.txt");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("luden did not finish: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private Connection duckDb() throws Exception {
        return JdbcDrivers.connect("jdbc:duckdb:" + work.resolve("data/warehouse.duckdb"), new Properties());
    }

    /** event id → n, of every row of {@code conflict}; fails on a doubled id. */
    private Map<String, String> rows() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = duckDb(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT eventn_ctx_event_id, CAST(n AS VARCHAR) FROM \"conflict\"")) {
            while (rs.next()) {
                assertThat(rows.put(rs.getString(1), rs.getString(2))).as("row %s doubled", rs.getString(1)).isNull();
            }
        }
        return rows;
    }

    /** Finished files (not hidden) below a directory, with their lines. */
    private Map<Path, List<String>> finished(Path dir) throws IOException {
        Map<Path, List<String>> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                files.put(f, Files.readAllLines(f));
            }
        }
        return files;
    }

    @Test
    void aFailedEventReplayedAfterTheTableWasFixedBecomesARowAndNothingIsDoubled() throws Exception {
        Files.createDirectories(work.resolve("conf"));
        Files.copy(REPO.resolve("conf/luden.yaml"), work.resolve("conf/luden.yaml"));
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        Files.writeString(spool.resolve("events.log"), String.join("\n",
                "{\"eventn_ctx_event_id\":\"r1\",\"event_type\":\"conflict\",\"n\":1}",
                "{\"eventn_ctx_event_id\":\"r2\",\"event_type\":\"conflict\",\"n\":\"abc\"}",
                "{\"eventn_ctx_event_id\":\"r3\",\"event_type\":\"conflict\",\"n\":2}", ""));
        Path failedDir = work.resolve("events/failed/dst=warehouse");

        // 1. n is a bigint (r1 made it so): r2's "abc" goes to failed
        Result first = luden("run", "--bounded");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).containsPattern("warehouse\\s+3\\s+2\\s+0\\s+1\\s+0");
        assertThat(rows()).containsOnlyKeys("r1", "r3");
        Map<Path, List<String>> failedAfterFirst = finished(failedDir);
        assertThat(failedAfterFirst.values().stream().flatMap(List::stream).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("\"r2\"").contains("\"abc\""));

        // 2. the user widens the column: "abc" fits now
        try (Connection c = duckDb(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE \"conflict\" ALTER COLUMN \"n\" TYPE VARCHAR");
        }

        // 3. replay the failed files: a new spool file, no Flink started
        Result replay = luden("replay", failedDir.toString());
        assertThat(replay.exitCode()).as(replay.output()).isZero();
        assertThat(replay.output()).contains("1 event(s) replayed, 0 malformed/skipped → " + spool.toRealPath().resolve("replay-failed.dst=warehouse-"))
                .doesNotContain("Flink web UI");
        try (Stream<Path> s = Files.list(spool)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("replay-")).toList()).singleElement()
                    .satisfies(n -> assertThat(Files.readAllLines(spool.resolve(n))).singleElement()
                            .satisfies(l -> assertThat(l).contains("\"eventn_ctx_event_id\":\"r2\"").contains("\"n\":\"abc\"")));
        }

        // 4. the next run reads only the replayed file: r2 is a row, nothing doubled, nothing failed
        Result second = luden("run", "--bounded");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("resuming from ").containsPattern("warehouse\\s+1\\s+1\\s+0\\s+0\\s+0");
        assertThat(rows()).containsExactlyInAnyOrderEntriesOf(Map.of("r1", "1", "r2", "abc", "r3", "2"));
        Map<Path, List<String>> failedAfterSecond = finished(failedDir);
        failedAfterFirst.keySet().forEach(failedAfterSecond::remove);
        assertThat(failedAfterSecond.values().stream().flatMap(List::stream).toList())
                .as("failed lines written by the second run").isEmpty();

        // 5. replaying the same failed files again changes nothing: the event keeps its id
        Result again = luden("replay", failedDir.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        Result third = luden("run", "--bounded");
        assertThat(third.exitCode()).as(third.output()).isZero();
        assertThat(third.output()).containsPattern("warehouse\\s+1\\s+1\\s+0\\s+0\\s+0");
        assertThat(rows()).containsExactlyInAnyOrderEntriesOf(Map.of("r1", "1", "r2", "abc", "r3", "2"));
    }

    @Test
    void replayWithAMissingInputExitsWithTwoAndWritesNothing() throws Exception {
        Files.createDirectories(work.resolve("conf"));
        Files.copy(REPO.resolve("conf/luden.yaml"), work.resolve("conf/luden.yaml"));

        Result r = luden("replay", "events/failed/dst=nowhere");

        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("events/failed/dst=nowhere: no such file or directory").doesNotContain("Flink web UI");
        assertThat(work.resolve("events/incoming")).doesNotExist();
        assertThat(work.resolve("state")).doesNotExist();
    }
}
