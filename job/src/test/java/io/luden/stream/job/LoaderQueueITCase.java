package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.PostgresFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two holes of the loader's queue (issue 8): a bounded job must not finish while events still
 * wait for an unreachable warehouse (Flink would delete its checkpoints and the events with them),
 * and a destination removed from the configuration while events wait for it must not send the job
 * into a restart loop — its events go to {@code failed} with a reason that says so.
 */
class LoaderQueueITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private EmbeddedPostgres pg;

    @AfterEach
    void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void boundedJobWaitsForAnUnreachableWarehouseInsteadOfFinishingWithQueuedEvents() throws Exception {
        int port = freePort();
        Path spool = dir.resolve("incoming");
        List<String> expected = FaultData.writeSpool(spool, "b", 0, 300, 100, i -> false).good;
        LudenConfig config = config(spool, "  pg:\n    type: postgres\n"
                + "    datasource: {host: localhost, port: " + port + ", db: postgres, schema: public,"
                + " username: postgres, password: postgres}\n");
        // what `flink run luden-stream.jar --bounded` runs: the spool source ends the input once it is read
        JobClient job = PipelineRunner.start(config, SpoolSource.bounded(new org.apache.flink.core.fs.Path(spool.toString()))
                .finishWhenDrained(), 2, null);

        // the spool is read within a second; the warehouse is not there
        FaultData.sleep(8_000);
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).as("job status with 300 events queued")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(FaultData.archiveIds(dir.resolve("events"), "pg")).isEmpty();

        pg = EmbeddedPostgres.builder().setPort(port).start();
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.FINISHED);
        assertExactlyOnce("rows", ids(pg, "public"), expected);
        assertExactlyOnce("archive", FaultData.archiveIds(dir.resolve("events"), "pg"), expected);
        assertThat(FaultData.failedIds(dir.resolve("events"), "pg")).isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void eventsQueuedForARemovedDestinationGoToFailedAndTheJobRunsOn() throws Exception {
        PostgresFixture fixture = PostgresFixture.get();
        fixture.execute("DROP SCHEMA IF EXISTS removed_kept CASCADE");
        Path spool = dir.resolve("incoming");
        String kept = PipelineRunner.postgresDestination(fixture, "kept", "removed_kept", "");
        String gone = "  gone:\n    type: postgres\n    datasource: {host: localhost, port: " + freePort()
                + ", db: postgres, schema: public, username: postgres, password: postgres}\n";

        // run 1: both destinations; "gone" is unreachable, so its 100 events wait in the savepoint
        LudenConfig both = config(spool, kept + gone);
        JobClient first = PipelineRunner.start(both, JobSettings.continuousSpool(both), 2, null);
        List<String> firstIds = FaultData.writeSpool(spool, "r", 0, 100, 50, i -> false).good;
        FaultData.await("100 rows in kept", 60, () -> ids(fixture, "removed_kept").size() >= 100);
        String savepoint = first.stopWithSavepoint(false, JobSettings.uri(both.stateDir(), JobSettings.SAVEPOINTS),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        Map<String, Map<String, Long>> summary = io.luden.stream.functions.Summary.read(
                first.getJobExecutionResult().get(1, TimeUnit.MINUTES).getAllAccumulatorResults());
        assertThat(summary.get("gone").get(io.luden.stream.functions.Summary.WAITING)).isEqualTo(100L);
        assertThat(FaultData.failedIds(dir.resolve("events"), "gone")).isEmpty();

        // run 2: "gone" removed from the configuration, resumed from the savepoint
        LudenConfig onlyKept = config(spool, kept);
        JobClient second = PipelineRunner.start(onlyKept, JobSettings.continuousSpool(onlyKept), 2,
                Path.of(java.net.URI.create(savepoint)));
        List<String> secondIds = FaultData.writeSpool(spool, "s", 0, 50, 50, i -> false).good;
        FaultData.await("the removed destination's events in failed", 60,
                () -> FaultData.failedIds(dir.resolve("events"), "gone").size() >= 100
                        && ids(fixture, "removed_kept").size() >= 150);
        FaultData.sleep(2_000); // a restart loop would fail the job over meanwhile
        assertThat(second.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        second.stopWithSavepoint(false, JobSettings.uri(onlyKept.stateDir(), JobSettings.SAVEPOINTS),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        second.getJobExecutionResult().get(1, TimeUnit.MINUTES);

        assertExactlyOnce("failed of the removed destination", FaultData.failedIds(dir.resolve("events"), "gone"), firstIds);
        List<String> failedLines = FaultData.finishedLines(dir.resolve("events/failed/dst=gone"));
        assertThat(failedLines).allSatisfy(line -> assertThat(line)
                .contains("destination gone is not in the configuration any more"));
        List<String> all = new ArrayList<>(firstIds);
        all.addAll(secondIds);
        assertExactlyOnce("rows of kept", ids(fixture, "removed_kept"), all);
        assertExactlyOnce("archive of kept", FaultData.archiveIds(dir.resolve("events"), "kept"), all);
    }

    private LudenConfig config(Path spool, String destinations) throws Exception {
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + ", discovery_interval: 100ms}\n"
                + "log: {path: " + dir.resolve("events") + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 300ms}\n"
                + "retry: {initial_backoff: 200ms, max_backoff: 1s}\n"
                + "destinations:\n" + destinations);
        return StartupChecks.load(yaml);
    }

    private static List<String> ids(EmbeddedPostgres pg, String schema) {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            return ids(c, schema);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static List<String> ids(PostgresFixture pg, String schema) {
        try {
            return pg.query("SELECT eventn_ctx_event_id AS id FROM " + schema + ".events").stream()
                    .map(r -> (String) r.get("id")).toList();
        } catch (RuntimeException e) {
            return List.of(); // not created yet
        }
    }

    private static List<String> ids(Connection c, String schema) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT eventn_ctx_event_id FROM " + schema + ".events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
