package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stop-with-savepoint and resume with another parallelism (issue 4): a continuous run at parallelism 2
 * is stopped with a savepoint while it is still reading the first batch of spool files; a second batch
 * is added and the job resumes from that savepoint at parallelism 1, is stopped again part-way, and
 * resumes at parallelism 3 while a third batch arrives. Two PostgreSQL destinations (two keys of the
 * loader, spread over the subtasks differently at each parallelism). Afterwards every event is once in
 * each table and archive, and every bad one once in each {@code failed}.
 */
class SavepointRescaleITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(3).build());

    private static final List<String> DESTINATIONS = List.of("sp_a", "sp_b");

    private final PostgresFixture pg = PostgresFixture.get();

    @TempDir
    Path dir;

    private Path spool;
    private Path logPath;
    private LudenConfig config;

    private static String schema(String destination) {
        return "fault_" + destination;
    }

    private long rows(String destination) {
        return ((Number) pg.query("SELECT count(*) AS n FROM " + schema(destination) + ".events").get(0).get("n")).longValue();
    }

    private List<String> ids(String destination) {
        return pg.query("SELECT eventn_ctx_event_id AS id FROM " + schema(destination) + ".events")
                .stream().map(r -> (String) r.get("id")).toList();
    }

    private JobClient start(int parallelism, Path savepoint) throws Exception {
        return PipelineRunner.start(config,
                SpoolSource.continuous(new org.apache.flink.core.fs.Path(config.spoolDir()), Duration.ofMillis(200)),
                parallelism, savepoint);
    }

    private Path stop(JobClient client) throws Exception {
        String savepoint = client.stopWithSavepoint(false, JobSettings.uri(config.stateDir(), JobSettings.SAVEPOINTS),
                SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        client.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        return Path.of(URI.create(savepoint));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void stopWithSavepointThenResumeWithParallelismOneThenThree() throws Exception {
        for (String d : DESTINATIONS) {
            pg.execute("DROP SCHEMA IF EXISTS " + schema(d) + " CASCADE");
            pg.execute("CREATE SCHEMA " + schema(d));
            pg.execute("CREATE FUNCTION " + schema(d) + ".slow() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$BEGIN PERFORM pg_sleep(0.002); RETURN NEW; END$$");
            pg.execute("CREATE TABLE " + schema(d) + ".events (eventn_ctx_event_id text, _timestamp timestamp,"
                    + " amount bigint, UNIQUE (eventn_ctx_event_id))");
            // 2 ms per row, so that a stop is sure to come while files are still being read
            pg.execute("CREATE TRIGGER slow BEFORE INSERT ON " + schema(d) + ".events FOR EACH ROW"
                    + " EXECUTE FUNCTION " + schema(d) + ".slow()");
        }
        spool = dir.resolve("incoming");
        logPath = dir.resolve("events");
        Path yaml = dir.resolve("luden.yaml");
        StringBuilder destinations = new StringBuilder("destinations:\n");
        for (String d : DESTINATIONS) {
            destinations.append("  ").append(d).append(":\n    type: postgres\n")
                    .append("    datasource: {host: localhost, port: ").append(pg.port())
                    .append(", db: postgres, schema: ").append(schema(d))
                    .append(", username: postgres, password: postgres}\n")
                    // batches of 100 (0.2 s with the trigger): the rows become visible batch by batch
                    // while the spool is read, so a stop comes part-way through the events
                    .append("    batch: {max_rows: 100}\n");
        }
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 200ms}\n" + destinations);
        config = StartupChecks.load(yaml);

        // run 1, parallelism 2: stopped while the first batch is still being loaded
        FaultData.Ids ids = FaultData.writeSpool(spool, "s1", 0, 1_500, 100, n -> n % 20 == 7);
        JobClient run1 = start(2, null);
        FaultData.await("100 rows of batch 1", 60, () -> rows("sp_a") >= 100);
        Path savepoint1 = stop(run1);
        long rowsAtStop1 = rows("sp_a");

        // run 2, parallelism 1, from savepoint 1, with a second batch: stopped part-way again
        ids.add(FaultData.writeSpool(spool, "s2", 0, 1_500, 100, n -> n % 20 == 7));
        int goodOfBatches12 = ids.good.size();
        JobClient run2 = start(1, savepoint1);
        FaultData.await("rows beyond the first stop", 60, () -> rows("sp_a") >= rowsAtStop1 + 100);
        Path savepoint2 = stop(run2);
        long rowsAtStop2 = rows("sp_a");

        // run 3, parallelism 3, from savepoint 2; a third batch arrives while it runs
        JobClient run3 = start(3, savepoint2);
        ids.add(FaultData.writeSpool(spool, "s3", 0, 300, 100, n -> n % 20 == 7));
        for (String d : DESTINATIONS) {
            FaultData.await("every event in " + d, 90, () -> FaultData.archiveIds(logPath, d).size() >= ids.good.size()
                    && FaultData.failedIds(logPath, d).size() >= ids.bad.size());
        }
        Path savepoint3 = stop(run3);

        List<String> counts = new ArrayList<>();
        for (String d : DESTINATIONS) {
            List<String> rows = ids(d);
            List<String> archived = FaultData.archiveIds(logPath, d);
            List<String> failed = FaultData.failedIds(logPath, d);
            assertExactlyOnce("rows of " + d, rows, ids.good);
            assertExactlyOnce("archive lines of " + d, archived, ids.good);
            assertExactlyOnce("failed lines of " + d, failed, ids.bad);
            counts.add(d + ": rows " + rows.size() + ", archive " + archived.size() + ", failed " + failed.size());
        }
        assertThat(rowsAtStop1).as("the first stop came part-way through batch 1").isLessThan(1_500 - 75);
        assertThat(rowsAtStop2).as("the second stop came part-way through batch 2").isLessThan(goodOfBatches12);
        System.out.printf("SavepointRescaleITCase: %d events (%d good, %d bad) in 3 batches; p=2 stopped at %d rows,"
                        + " p=1 stopped at %d rows, p=3 finished; %s; duplicates 0; savepoints %s, %s, %s%n",
                ids.all().size(), ids.good.size(), ids.bad.size(), rowsAtStop1, rowsAtStop2, counts,
                savepoint1.getFileName(), savepoint2.getFileName(), savepoint3.getFileName());
    }
}
