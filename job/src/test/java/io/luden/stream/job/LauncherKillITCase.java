package io.luden.stream.job;

import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./luden run} killed with SIGKILL mid-stream and started again with the same command (issue 4):
 * the real script, continuous, into DuckDB, with files arriving all the time (also while it is dead).
 * The second run resumes from the newest retained checkpoint and is stopped with SIGTERM (a savepoint);
 * then the table and the archive hold every event exactly once.
 */
class LauncherKillITCase {
    private static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();
    private final AtomicBoolean feeding = new AtomicBoolean(true);
    private final List<String> fed = Collections.synchronizedList(new ArrayList<>());
    private Thread feeder;

    @AfterEach
    void cleanUp() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(10_000);
        }
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process luden(String output) throws Exception {
        Process p = new ProcessBuilder(REPO.resolve("luden").toString(), "run", "--config", "luden.yaml")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve(output).toFile()).start();
        started.add(p);
        return p;
    }

    /** The JVM of a run: the script execs java, so normally the process itself; else its java descendant. */
    private static ProcessHandle javaOf(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java") || c.equals("java")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under " + p.pid()));
    }

    private String output(String file) throws Exception {
        return Files.readString(work.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void sigkillMidStreamThenTheSameCommandAgainLoadsEveryEventExactlyOnce() throws Exception {
        Files.writeString(work.resolve("luden.yaml"), "spool: {dir: events/incoming}\n"
                + "log: {path: events}\n"
                + "state: {dir: state, checkpoint_interval: 500ms}\n"
                + "destinations:\n"
                + "  warehouse:\n"
                + "    type: duckdb\n"
                + "    datasource: {path: data/warehouse.duckdb, schema: main}\n"
                + "    data_layout: {table_name_template: events}\n");
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        feeder = new Thread(() -> {
            int n = 0;
            while (feeding.get()) {
                fed.addAll(FaultData.writeSpool(spool, "k", n, n + 25, 25, i -> false).good);
                n += 25;
                FaultData.sleep(250);
            }
        }, "launcher-kill-feeder");

        Process first = luden("run-1.txt");
        feeder.start();
        FaultData.await("archive lines of the first run (" + work.resolve("run-1.txt") + ")", 120,
                () -> FaultData.archiveIds(work.resolve("events"), "warehouse").size() >= 300 || !first.isAlive());
        assertThat(first.isAlive()).as(output("run-1.txt")).isTrue();
        ProcessHandle java = javaOf(first);
        int archivedAtKill = FaultData.archiveIds(work.resolve("events"), "warehouse").size();
        int fedAtKill = fed.size();
        java.destroyForcibly(); // SIGKILL
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(output("run-1.txt")).doesNotContain("luden: savepoint ").doesNotContain("taking a savepoint");

        FaultData.sleep(2_000); // files keep arriving while it is dead
        Process second = luden("run-2.txt");
        FaultData.await("the second run to start", 120, () -> {
            try {
                return output("run-2.txt").contains("Flink web UI") || !second.isAlive();
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(output("run-2.txt")).contains("resuming from " + work.toRealPath().resolve("state/checkpoints"));
        FaultData.sleep(3_000);
        feeding.set(false);
        feeder.join(10_000);
        List<String> expected = List.copyOf(fed);
        FaultData.await("every event in the archive", 120,
                () -> FaultData.archiveIds(work.resolve("events"), "warehouse").size() >= expected.size() || !second.isAlive());
        second.destroy(); // SIGTERM: stop with a savepoint
        assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("stops after SIGTERM").isTrue();
        String out2 = output("run-2.txt");
        assertThat(second.exitValue()).as(out2).isZero();
        assertThat(out2).contains("stopping (Ctrl-C or SIGTERM)").contains("luden: savepoint ");

        List<String> rows = new ArrayList<>();
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:" + work.resolve("data/warehouse.duckdb"), new Properties());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT eventn_ctx_event_id FROM main.events")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        List<String> archived = FaultData.archiveIds(work.resolve("events"), "warehouse");
        // every spool file, read before or after the kill, left the spool once checkpointed
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left.filter(p -> !p.getFileName().toString().startsWith(".")).toList()).isEmpty();
        }
        assertExactlyOnce("DuckDB rows", rows, expected);
        assertExactlyOnce("archive lines", archived, expected);
        assertThat(FaultData.failedIds(work.resolve("events"), "warehouse")).isEmpty();
        String resumed = out2.lines().filter(l -> l.contains("resuming from")).findFirst().orElse("");
        System.out.printf("LauncherKillITCase: %d events; 1 SIGKILL of pid %d after %d archive lines (%d events fed"
                        + " by then); second run %s, stopped by SIGTERM with exit code 0;"
                        + " rows %d, archive lines %d, duplicates 0%n",
                expected.size(), java.pid(), archivedAtKill, fedAtKill, resumed.replace("luden: ", ""), rows.size(),
                archived.size());
    }
}
