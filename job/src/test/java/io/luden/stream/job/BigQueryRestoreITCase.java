package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.bigquery.FakeBigQuery;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job cancelled mid-stream (as by a crash: no savepoint) and restored from its last retained checkpoint,
 * loading into {@link FakeBigQuery} with its insertId de-duplication turned off — as if the restore came
 * long after BigQuery's one-minute window. The events written after that checkpoint are replayed; the
 * writer's id look-up finds them in the table, so every event is a row exactly once, and archived once.
 */
class BigQueryRestoreITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String PROJECT = "luden-restore";
    private static final int EVENTS = 1_500;

    @TempDir
    Path dir;

    private FakeBigQuery bq;

    @AfterEach
    void stop() {
        if (bq != null) {
            bq.close();
        }
    }

    private List<String> rowIds() {
        return bq.rows(PROJECT, "restore", "events").stream().map(r -> r.json().get("eventn_ctx_event_id").asText()).toList();
    }

    private static JobClient start(LudenConfig config, Path checkpoint) throws Exception {
        return PipelineRunner.start(config,
                SpoolSource.continuous(new org.apache.flink.core.fs.Path(config.spoolDir()), Duration.ofMillis(200)), 2, checkpoint);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRestoreLongAfterTheWritesAddsNoRow() throws Exception {
        bq = new FakeBigQuery();
        bq.dedupWindow(Duration.ZERO); // only the look-up can keep a replayed row out
        bq.insertDelay(20); // 50 rows per 20 ms call: many calls between two checkpoints
        Path spool = dir.resolve("incoming");
        Path logPath = dir.resolve("events");
        FaultData.Ids ids = FaultData.writeSpool(spool, "r", 0, EVENTS, 100, n -> false);
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 1s}\n"
                + "destinations:\n  bq:\n    type: bigquery\n"
                + "    config: {bq_project: " + PROJECT + ", bq_dataset: restore, host: '" + bq.host() + "'}\n"
                + "    batch: {max_rows: 50}\n"
                + "    data_layout: {table_name_template: events}\n");
        LudenConfig config = StartupChecks.load(yaml);

        JobClient first = start(config, null);
        FaultData.await("a completed checkpoint and 300 rows", 90,
                () -> FaultData.lastCompletedCheckpoint(dir.resolve("state")) > 0 && rowIds().size() >= 300);
        first.cancel().get(1, TimeUnit.MINUTES); // no savepoint: what was written after the last checkpoint is replayed
        int rowsAtCancel = rowIds().size();
        Path checkpoint = new StateDir(config.stateDir()).latestSnapshot().orElseThrow();

        JobClient second = start(config, checkpoint);
        FaultData.await("every event archived", 120, () -> FaultData.archiveIds(logPath, "bq").size() >= ids.good.size());
        second.stopWithSavepoint(false, JobSettings.uri(config.stateDir(), JobSettings.SAVEPOINTS), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);

        assertThat(rowsAtCancel).isLessThan(EVENTS);
        assertThat(bq.idsFoundByLookUps()).as("replayed events found by the look-up").isPositive();
        assertExactlyOnce("rows in restore.events", rowIds(), ids.good);
        assertExactlyOnce("archive lines", FaultData.archiveIds(logPath, "bq"), ids.good);
        System.out.printf("BigQueryRestoreITCase: %d events, %d rows at the cancel, %d replayed ids found by the look-up,"
                + " %d rows received in all, %d rows kept%n", EVENTS, rowsAtCancel, bq.idsFoundByLookUps(),
                bq.rowsReceived(), rowIds().size());
    }
}
