package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.DuckDbFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warehouse outage (issue 4): events arrive continuously for two destinations, PostgreSQL and
 * DuckDB; PostgreSQL is stopped for 15 s mid-stream and started again on the same port and data
 * directory. Meanwhile DuckDB keeps loading and checkpoints keep completing (the PostgreSQL events
 * wait in the loader's keyed state, retried from timers); afterwards both hold every event exactly
 * once, in the tables and in the archive, and {@code failed} is empty.
 */
class OutageITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int OUTAGE_SECONDS = 15;
    private static final String DUCK_SCHEMA = "fault_outage";

    @TempDir
    Path dir;

    private EmbeddedPostgres pg;
    private Path pgData;
    private int pgPort;
    private Thread feeder;
    private final AtomicBoolean feeding = new AtomicBoolean(true);
    private final List<String> fed = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopEverything() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(10_000);
        }
        if (pg != null) {
            pg.close();
        }
    }

    private void startPostgres() throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(pgPort).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private List<String> pgIds() {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT eventn_ctx_event_id FROM public.events")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            return List.of(); // not created yet
        }
    }

    private List<String> duckIds() {
        try {
            return DuckDbFixture.get().query("SELECT eventn_ctx_event_id AS id FROM " + DUCK_SCHEMA + ".events")
                    .stream().map(r -> (String) r.get("id")).toList();
        } catch (IllegalStateException e) {
            return List.of(); // not created yet
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void postgresDownFor15SecondsWhileDuckDbKeepsLoadingAndCheckpointsComplete() throws Exception {
        pgData = Files.createDirectories(dir.resolve("pgdata"));
        pgPort = freePort();
        startPostgres();
        DuckDbFixture duck = DuckDbFixture.get();
        duck.execute("DROP SCHEMA IF EXISTS " + DUCK_SCHEMA + " CASCADE");

        Path spool = Files.createDirectories(dir.resolve("incoming"));
        Path logPath = dir.resolve("events");
        Path stateDir = dir.resolve("state");
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + stateDir + ", checkpoint_interval: 500ms}\n"
                // a short back-off: the queue drains within ~2 s of the warehouse's return
                + "retry: {initial_backoff: 500ms, max_backoff: 2s}\n"
                + "destinations:\n"
                + "  pg:\n"
                + "    type: postgres\n"
                + "    datasource: {host: localhost, port: " + pgPort + ", db: postgres, schema: public,"
                + " username: postgres, password: postgres}\n"
                + "  duck:\n"
                + "    type: duckdb\n"
                + "    datasource: {path: " + duck.file() + ", schema: " + DUCK_SCHEMA + "}\n");
        LudenConfig config = StartupChecks.load(yaml);

        // 20 events every 200 ms, each file written hidden and renamed when complete
        feeder = new Thread(() -> {
            int n = 0;
            while (feeding.get()) {
                FaultData.Ids ids = FaultData.writeSpool(spool, "o", n, n + 20, 20, i -> false);
                fed.addAll(ids.good);
                n += 20;
                FaultData.sleep(200);
            }
        }, "outage-feeder");

        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        LudenTopology.build(env, config,
                SpoolSource.continuous(new org.apache.flink.core.fs.Path(config.spoolDir()), Duration.ofMillis(200)));
        JobClient client = env.executeAsync("luden-outage");
        feeder.start();

        FaultData.await("both destinations loading", 60, () -> pgIds().size() >= 200 && duckIds().size() >= 200);

        // the outage
        long checkpointAtStop = FaultData.lastCompletedCheckpoint(stateDir);
        int fedAtStop = fed.size();
        int duckAtStop = duckIds().size();
        int pgAtStop = pgIds().size();
        long stoppedAt = System.nanoTime();
        pg.close();
        List<Integer> duckDuringOutage = new ArrayList<>();
        for (int s = 0; s < OUTAGE_SECONDS; s++) {
            FaultData.sleep(1000);
            duckDuringOutage.add(duckIds().size());
        }
        long checkpointAtStart = FaultData.lastCompletedCheckpoint(stateDir);
        int fedAtStart = fed.size();
        startPostgres();
        double outageSeconds = (System.nanoTime() - stoppedAt) / 1e9;

        FaultData.sleep(5_000);
        feeding.set(false);
        feeder.join(10_000);
        List<String> expected = List.copyOf(fed);

        FaultData.await("every event in both destinations and both archives", 120, () ->
                pgIds().size() >= expected.size() && duckIds().size() >= expected.size()
                        && FaultData.archiveIds(logPath, "pg").size() >= expected.size()
                        && FaultData.archiveIds(logPath, "duck").size() >= expected.size());
        long recoveredAfter = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stoppedAt);
        client.stopWithSavepoint(false, JobSettings.uri(config.stateDir(), JobSettings.SAVEPOINTS),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        client.getJobExecutionResult().get(1, TimeUnit.MINUTES);

        List<String> pgRows = pgIds();
        List<String> duckRows = duckIds();
        assertExactlyOnce("PostgreSQL rows", pgRows, expected);
        assertExactlyOnce("DuckDB rows", duckRows, expected);
        assertExactlyOnce("PostgreSQL archive", FaultData.archiveIds(logPath, "pg"), expected);
        assertExactlyOnce("DuckDB archive", FaultData.archiveIds(logPath, "duck"), expected);
        assertThat(FaultData.failedIds(logPath, "pg")).as("failed of pg").isEmpty();
        assertThat(FaultData.failedIds(logPath, "duck")).as("failed of duck").isEmpty();

        int fedDuringOutage = fedAtStart - fedAtStop;
        int duckGrowth = duckDuringOutage.get(duckDuringOutage.size() - 1) - duckAtStop;
        long checkpointsDuringOutage = checkpointAtStart - checkpointAtStop;
        assertThat(duckGrowth).as("DuckDB rows loaded during the outage (%s)", duckDuringOutage)
                .isGreaterThan(fedDuringOutage / 2);
        assertThat(checkpointsDuringOutage).as("checkpoints completed during the outage").isGreaterThanOrEqualTo(5);
        System.out.printf("OutageITCase: %d events; PostgreSQL down %.1f s (%d rows before); %d events fed and %d"
                        + " DuckDB rows loaded during the outage (DuckDB rows each second: %s); %d checkpoints completed"
                        + " during the outage (chk-%d → chk-%d); everything loaded %d s after the stop; PostgreSQL rows %d,"
                        + " DuckDB rows %d, failed 0, duplicates 0%n",
                expected.size(), outageSeconds, pgAtStop, fedDuringOutage, duckGrowth, duckDuringOutage,
                checkpointsDuringOutage, checkpointAtStop, checkpointAtStart, recoveredAfter, pgRows.size(), duckRows.size());
    }
}
