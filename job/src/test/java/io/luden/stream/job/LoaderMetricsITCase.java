package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader's per-destination metrics as a metric reporter (and so the web UI) sees them: rows
 * written, events per flush, flush time, event-to-commit latency and the queue length.
 */
class LoaderMetricsITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void eachDestinationReportsRowsBatchesFlushTimeLatencyAndQueueLength() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        pg.execute("DROP SCHEMA IF EXISTS metrics_s CASCADE");
        Path spool = dir.resolve("incoming");
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + ", discovery_interval: 100ms}\n"
                + "log: {path: " + dir.resolve("events") + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 300ms}\n"
                + "destinations:\n"
                + PipelineRunner.postgresDestination(pg, "pg", "metrics_s", "    batch: {max_rows: 100}\n"));
        LudenConfig config = StartupChecks.load(yaml);
        JobClient job = PipelineRunner.start(config, JobSettings.continuousSpool(config), 2, null);
        try {
            FaultData.writeSpool(spool, "m", 0, 500, 250, i -> i % 100 == 7);
            FaultData.await("500 outcomes", 60, () -> FaultData.archiveIds(dir.resolve("events"), "pg").size() >= 495
                    && FaultData.failedIds(dir.resolve("events"), "pg").size() >= 5);
            JobID id = job.getJobID();
            Map<String, Metric> metrics = REPORTER.findMetrics(id, "destination.pg.");

            assertThat(((Counter) one(metrics, "eventsRead")).getCount()).isEqualTo(500);
            assertThat(((Counter) one(metrics, "eventsLoaded")).getCount()).isEqualTo(495);
            assertThat(((Counter) one(metrics, "eventsFailed")).getCount()).isEqualTo(5);
            assertThat(((Counter) one(metrics, "rowsWritten")).getCount()).isEqualTo(495);
            assertThat(one(metrics, "rowsWrittenPerSecond")).isInstanceOf(Meter.class);
            assertThat(((Gauge<?>) one(metrics, "eventsWaiting")).getValue()).isEqualTo(0L);
            Histogram batches = (Histogram) one(metrics, "eventsPerFlush");
            assertThat(batches.getStatistics().getMax()).isLessThanOrEqualTo(100);
            assertThat(batches.getCount()).isGreaterThanOrEqualTo(5);
            assertThat(batches.getStatistics().getMean() * batches.getCount()).isEqualTo(500.0);
            Histogram flushes = (Histogram) one(metrics, "flushMillis");
            assertThat(flushes.getCount()).isEqualTo(batches.getCount());
            Histogram latency = (Histogram) one(metrics, "eventToCommitMillis");
            assertThat(latency.getCount()).isEqualTo(500);
            assertThat(latency.getStatistics().getMin()).isGreaterThanOrEqualTo(0);
            assertThat(latency.getStatistics().getQuantile(0.99)).isLessThan(60_000);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /** The metric whose identifier ends with {@code name}. */
    private static Metric one(Map<String, Metric> metrics, String name) {
        Metric found = null;
        for (Map.Entry<String, Metric> e : metrics.entrySet()) {
            if (e.getKey().endsWith("." + name)) {
                assertThat(found).as("two metrics named %s in %s", name, metrics.keySet()).isNull();
                found = e.getValue();
            }
        }
        assertThat(found).as("metric %s in %s", name, metrics.keySet()).isNotNull();
        return found;
    }
}
