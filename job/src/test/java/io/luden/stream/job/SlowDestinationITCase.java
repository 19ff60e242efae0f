package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow warehouse holds back only its own events (issue 8): two PostgreSQL destinations on one
 * loader subtask (parallelism 1), the table of one slowed to 10 ms per row by a trigger. The other
 * loads its 2,000 events in a few seconds, long before the slow one is done, and checkpoints keep
 * completing while the slow write runs.
 */
class SlowDestinationITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final int EVENTS = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDestinationBesideASlowOneLoadsAtItsOwnSpeed() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        pg.execute("DROP SCHEMA IF EXISTS slow_s CASCADE");
        pg.execute("DROP SCHEMA IF EXISTS fast_s CASCADE");
        pg.execute("CREATE SCHEMA slow_s");
        // the slowed table exists before the job: keyed as the job keys it, 10 ms per row
        pg.execute("CREATE TABLE slow_s.events (eventn_ctx_event_id text PRIMARY KEY)");
        pg.execute("CREATE FUNCTION slow_s.slow() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$");
        pg.execute("CREATE TRIGGER slow BEFORE INSERT ON slow_s.events FOR EACH ROW EXECUTE FUNCTION slow_s.slow()");

        Path spool = dir.resolve("incoming");
        Path yaml = dir.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + ", discovery_interval: 100ms}\n"
                + "log: {path: " + dir.resolve("events") + "}\n"
                + "state: {dir: " + dir.resolve("state") + ", checkpoint_interval: 500ms}\n"
                + "destinations:\n"
                + PipelineRunner.postgresDestination(pg, "slow", "slow_s", "")
                + PipelineRunner.postgresDestination(pg, "fast", "fast_s", ""));
        LudenConfig config = StartupChecks.load(yaml);
        // parallelism 1: both destinations on the one loader subtask
        JobClient job = PipelineRunner.start(config, JobSettings.continuousSpool(config), 1, null);
        try {
            long start = System.nanoTime();
            List<String> expected = FaultData.writeSpool(spool, "w", 0, EVENTS, 500, i -> false).good;
            FaultData.await("the fast destination's " + EVENTS + " rows", 60, () -> count(pg, "fast_s") >= EVENTS);
            double fastSeconds = (System.nanoTime() - start) / 1e9;
            long slowRowsThen = count(pg, "slow_s");
            long checkpointThen = FaultData.lastCompletedCheckpoint(dir.resolve("state"));

            assertThat(slowRowsThen).as("rows of the slow destination when the fast one was complete")
                    .isLessThan(EVENTS / 2);
            FaultData.sleep(3_000);
            assertThat(count(pg, "slow_s")).as("the slow destination is still loading").isLessThan(EVENTS);
            assertThat(FaultData.lastCompletedCheckpoint(dir.resolve("state")))
                    .as("checkpoints completed while the slow write ran").isGreaterThanOrEqualTo(checkpointThen + 2);

            FaultData.await("the slow destination's " + EVENTS + " rows", 120, () -> count(pg, "slow_s") >= EVENTS);
            double slowSeconds = (System.nanoTime() - start) / 1e9;
            assertExactlyOnce("fast rows", ids(pg, "fast_s"), expected);
            assertExactlyOnce("slow rows", ids(pg, "slow_s"), expected);
            System.out.printf("SlowDestinationITCase: %d events to two destinations on one subtask; fast complete after"
                    + " %.1f s (slow had %d rows then), slow complete after %.1f s%n", EVENTS, fastSeconds,
                    slowRowsThen, slowSeconds);
            // the fast one did not wait for the slow one: its time is a fraction of the slow one's
            assertThat(fastSeconds).isLessThan(slowSeconds / 2);
        } finally {
            job.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    private static long count(PostgresFixture pg, String schema) {
        try {
            return ((Number) pg.query("SELECT count(*) AS n FROM " + schema + ".events").get(0).get("n")).longValue();
        } catch (RuntimeException e) {
            return 0; // not created yet
        }
    }

    private static List<String> ids(PostgresFixture pg, String schema) {
        return pg.query("SELECT eventn_ctx_event_id AS id FROM " + schema + ".events").stream()
                .map(r -> (String) r.get("id")).toList();
    }
}
