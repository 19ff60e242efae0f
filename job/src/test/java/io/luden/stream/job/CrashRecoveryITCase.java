package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash and restore (issue 4), after Flink's own exactly-once sink tests: the real topology at
 * parallelism 2 with checkpoints every 100 ms over 2,000 events (5 % of them data errors) into
 * PostgreSQL, while the writer crashes the job four times mid-stream — twice before an INSERT, twice
 * right after one committed (the row is in the table, its archive line not yet written). Flink
 * restarts from the last checkpoint each time and replays; afterwards the table and the archive
 * files hold every good event exactly once, and {@code failed} every bad one exactly once.
 */
class CrashRecoveryITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SCHEMA = "fault_crash";
    private static final int EVENTS = 2_000;

    private final PostgresFixture pg = PostgresFixture.get();

    @TempDir
    Path dir;

    @AfterEach
    void resetFaults() {
        FaultDriver.reset();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fourCrashesMidStreamLeaveEveryEventExactlyOnceInTableArchiveAndFailed() throws Exception {
        pg.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        pg.execute("CREATE SCHEMA " + SCHEMA);
        // the table as the job would create it, made first so that amount is bigint whatever event comes first
        pg.execute("CREATE TABLE " + SCHEMA + ".events (eventn_ctx_event_id text, _timestamp timestamp,"
                + " amount bigint, UNIQUE (eventn_ctx_event_id))");

        Path spool = dir.resolve("incoming");
        FaultData.Ids ids = FaultData.writeSpool(spool, "c", 0, EVENTS, 100, n -> n % 20 == 7);
        assertThat(ids.bad).hasSize(EVENTS / 20);
        FaultDriver.crashAt(FaultData.id("c", 300), FaultDriver.When.BEFORE_INSERT);
        FaultDriver.crashAt(FaultData.id("c", 800), FaultDriver.When.AFTER_COMMIT);
        FaultDriver.crashAt(FaultData.id("c", 1300), FaultDriver.When.BEFORE_INSERT);
        FaultDriver.crashAt(FaultData.id("c", 1800), FaultDriver.When.AFTER_COMMIT);

        Path logPath = dir.resolve("events");
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 100ms}\n"
                + "destinations:\n"
                + "  pg:\n"
                + "    type: postgres\n"
                + "    datasource: {host: localhost, port: " + pg.port() + ", db: postgres, schema: " + SCHEMA
                + ", username: postgres, password: postgres, parameters: {" + FaultDriver.MARKER + ": 'on'}}\n");
        LudenConfig config = StartupChecks.load(yaml);

        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        // ~2 ms per line and reader: the run spans many checkpoints, so each crash restores one with progress in it
        LudenTopology.build(env, config, new FaultThrottledSource<>(
                SpoolSource.bounded(new org.apache.flink.core.fs.Path(config.spoolDir())).finishWhenDrained(), 2));

        long started = System.nanoTime();
        JobClient client = env.executeAsync("luden-crash-recovery");
        long checkpoints = 0; // the finished job removes its checkpoints: watch them while it runs
        while (!client.getJobExecutionResult().isDone()) {
            checkpoints = Math.max(checkpoints, FaultData.lastCompletedCheckpoint(dir.resolve("state")));
            FaultData.sleep(50);
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(FaultDriver.crashes()).as("injected crashes").isEqualTo(4);
        List<String> rows = pg.query("SELECT eventn_ctx_event_id AS id FROM " + SCHEMA + ".events")
                .stream().map(r -> (String) r.get("id")).toList();
        List<String> archived = FaultData.archiveIds(logPath, "pg");
        List<String> failed = FaultData.failedIds(logPath, "pg");
        assertExactlyOnce("rows in " + SCHEMA + ".events", rows, ids.good);
        assertExactlyOnce("archive lines", archived, ids.good);
        assertExactlyOnce("failed lines", failed, ids.bad);
        assertThat(FaultData.finishedLines(logPath.resolve("failed").resolve("dst=pg")))
                .allSatisfy(l -> assertThat(l).contains("amount"));
        Map<String, Map<String, Long>> summary = Summary.read(result.getAllAccumulatorResults());
        // accumulators count the last attempt only: fewer than all events means it resumed from a checkpoint with progress
        assertThat(summary.get("pg").get(Summary.READ)).as("events read by the last attempt").isLessThan(EVENTS);
        assertThat(checkpoints).as("checkpoints completed during the run").isGreaterThan(4);
        System.out.printf("CrashRecoveryITCase: %d events (%d good, %d bad), %d crashes %s, %d s, %d checkpoints; rows %d,"
                        + " archive lines %d, failed lines %d, duplicates 0; summary of the last attempt %s%n",
                EVENTS, ids.good.size(), ids.bad.size(), FaultDriver.crashes(), FaultDriver.fired(), seconds, checkpoints,
                rows.size(), archived.size(), failed.size(), summary.get("pg"));
    }
}
