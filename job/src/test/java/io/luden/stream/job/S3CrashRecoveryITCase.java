package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.S3Fixture;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once objects across crashes: the real topology at parallelism 2, checkpoints every 100 ms,
 * 2,000 events (5 % of them failed by the transform) written to a real S3 API server (s3proxy) in
 * small objects (a flush every 10 ms while events trickle in), while the writer crashes the job four times mid-stream — twice before
 * a PUT, twice right after one was stored (the object is in the bucket, the loader never heard of it)
 * — and once loses the answer of a stored PUT (the loader retries the batch). Flink restarts from the
 * last checkpoint each time and hands the queued events in again, all at once, so
 * cut into other batches than before (other objects, other keys: overwriting by key alone would
 * duplicate); afterwards
 * the bucket holds every good event exactly once (read back and counted by event id), and the archive
 * and failed files each of theirs exactly once.
 */
class S3CrashRecoveryITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int EVENTS = 2_000;

    private final S3Fixture s3 = new S3Fixture();
    @RegisterExtension
    final S3ProxyExtension server = s3.extension;

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        S3FaultInterceptor.reset();
        s3.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fourCrashesAndALostAnswerLeaveEveryEventExactlyOnceInTheBucket() throws Exception {
        s3.createBucket(S3FaultInterceptor.BUCKET);
        Path spool = dir.resolve("incoming");
        FaultData.Ids ids = FaultData.writeSpool(spool, "c", 0, EVENTS, 100, n -> n % 20 == 7);
        S3FaultInterceptor.at(3, S3FaultInterceptor.When.BEFORE_PUT);
        S3FaultInterceptor.at(6, S3FaultInterceptor.When.AFTER_PUT);
        S3FaultInterceptor.at(9, S3FaultInterceptor.When.LOST_ANSWER);
        S3FaultInterceptor.at(12, S3FaultInterceptor.When.BEFORE_PUT);
        S3FaultInterceptor.at(15, S3FaultInterceptor.When.AFTER_PUT);

        Path logPath = dir.resolve("events");
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 100ms}\n"
                + "retry: {initial_backoff: 50ms, max_backoff: 200ms}\n"
                + "destinations:\n"
                + "  lake:\n"
                + "    type: s3\n"
                + "    config: {access_key_id: " + S3Fixture.ACCESS_KEY + ", secret_access_key: " + S3Fixture.SECRET_KEY
                + ", bucket: " + S3FaultInterceptor.BUCKET + ", region: " + S3Fixture.REGION + ", endpoint: '"
                + s3.endpoint() + "', folder: crash, compression: gzip}\n"
                + "    batch: {max_rows: 1000, max_delay: 10ms}\n"
                + "    data_layout:\n"
                + "      transform: \"if ($.amount === 2.5) { throw new Error('bad amount ' + $.seq) } return $\"\n");
        LudenConfig config = StartupChecks.load(yaml);

        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        LudenTopology.build(env, config, new FaultThrottledSource<>(
                SpoolSource.bounded(new org.apache.flink.core.fs.Path(config.spoolDir())).finishWhenDrained(), 2));

        long started = System.nanoTime();
        JobClient client = env.executeAsync("luden-s3-crash-recovery");
        long checkpoints = 0;
        while (!client.getJobExecutionResult().isDone()) {
            checkpoints = Math.max(checkpoints, FaultData.lastCompletedCheckpoint(dir.resolve("state")));
            FaultData.sleep(50);
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(S3FaultInterceptor.crashes()).as("injected crashes").isEqualTo(4);
        assertThat(S3FaultInterceptor.lostAnswers()).as("lost answers").isEqualTo(1);
        List<String> keys = s3.keys(S3FaultInterceptor.BUCKET);
        List<String> inBucket = new ArrayList<>();
        s3.jsonLines(S3FaultInterceptor.BUCKET, "crash/").forEach(n -> inBucket.add(n.get("eventn_ctx_event_id").asText()));
        assertExactlyOnce("events in the bucket", inBucket, ids.good);
        assertExactlyOnce("archive lines", FaultData.archiveIds(logPath, "lake"), ids.good);
        assertExactlyOnce("failed lines", FaultData.failedIds(logPath, "lake"), ids.bad);
        Map<String, Map<String, Long>> summary = Summary.read(result.getAllAccumulatorResults());
        // accumulators count the last attempt only: fewer than all events means it resumed from a checkpoint with progress
        assertThat(summary.get("lake").get(Summary.READ)).as("events read by the last attempt").isLessThan(EVENTS);
        assertThat(checkpoints).as("checkpoints completed during the run").isGreaterThan(4);
        System.out.printf("S3CrashRecoveryITCase: %d events (%d good, %d bad), %d crashes, %d lost answer, %d s,"
                        + " %d checkpoints, %d PUTs, %d objects; rows in the bucket %d, duplicates 0; last attempt %s%n",
                EVENTS, ids.good.size(), ids.bad.size(), S3FaultInterceptor.crashes(), S3FaultInterceptor.lostAnswers(),
                seconds, checkpoints, S3FaultInterceptor.puts(), keys.size(), inBucket.size(), summary.get("lake"));
    }
}
