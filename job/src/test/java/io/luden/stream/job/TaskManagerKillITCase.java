package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static io.luden.stream.job.FaultData.assertExactlyOnce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TaskManager JVM killed with SIGKILL mid-stream on a real session cluster
 * ({@code flink-deploy/session-cluster.sh}: a JobManager and two TaskManagers of one slot each, so the
 * job at parallelism 2 runs one subtask of every operator in each). The job JAR is submitted
 * continuous with a PostgreSQL destination (the embedded Postgres of this JVM, reached from the
 * cluster's JVMs over localhost), checkpoints every 500 ms, restart strategy fixed-delay; events arrive
 * in the spool for ~20 s. Once a checkpoint completed and rows are in the table, {@code taskmanager-2}
 * is killed and a replacement TaskManager started, as a process supervisor would (the survivor's one
 * slot cannot hold parallelism 2). The JobManager restores the job from its last checkpoint onto the
 * survivor and the replacement; afterwards the table and the archive hold every event exactly once.
 * Only outcomes are checked (rows, archive and failed lines, spool, REST API), never loader internals.
 */
class TaskManagerKillITCase {
    private static final String SCHEMA = "tm_kill";
    private static final String DESTINATION = "pg";
    private static final int EVENTS = 4_800;
    private static final int PER_FILE = 40;
    private static final long FILE_EVERY_MS = 160; // 120 files over ~20 s, 250 events a second
    private static final String SURVIVOR = "taskmanager";
    private static final String KILLED = "taskmanager-2";
    private static final String LOADER_VERTEX = "Load destinations";

    private final PostgresFixture pg = PostgresFixture.get();

    @TempDir
    Path work;

    private SessionCluster cluster;
    private String jobId;
    private Thread feeder;
    private final AtomicBoolean feeding = new AtomicBoolean(true);
    private final List<String> fed = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        feeding.set(false);
        if (feeder != null) {
            feeder.join(10_000);
        }
        if (cluster == null) {
            return;
        }
        try {
            if (jobId != null) {
                System.out.println("TaskManagerKillITCase: job " + jobId + " cancelled: "
                        + cluster.cancel(jobId, Duration.ofSeconds(60)));
            }
        } catch (Exception e) {
            System.err.println("TaskManagerKillITCase: cancelling " + jobId + " failed: " + e);
        } finally {
            cluster.close();
        }
        assertThat(cluster.runningJvms()).as("JVMs of the cluster still running after stop").isEmpty();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void sigkillOfOneOfTwoTaskManagersMidStreamRestoresTheJobWithEveryEventExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        pg.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        pg.execute("CREATE SCHEMA " + SCHEMA);
        Path spool = Files.createDirectories(work.resolve("spool"));
        Path logPath = work.resolve("events");
        Path yaml = work.resolve("luden.yaml");
        Files.writeString(yaml, "spool: {dir: " + spool + "}\n"
                + "log: {path: " + logPath + "}\n"
                + "state: {dir: " + work.resolve("state") + ", checkpoint_interval: 500ms}\n"
                + "destinations:\n"
                + "  " + DESTINATION + ":\n"
                + "    type: postgres\n"
                + "    datasource: {host: localhost, port: " + pg.port() + ", db: postgres, schema: " + SCHEMA
                + ", username: postgres, password: postgres}\n"
                + "    data_layout: {table_name_template: events}\n");

        cluster = SessionCluster.start(work, Duration.ofMinutes(4),
                "--taskmanagers", "2", "--slots", "1",
                "-D", "restart-strategy.type=fixed-delay",
                "-D", "restart-strategy.fixed-delay.attempts=30",
                "-D", "restart-strategy.fixed-delay.delay=1 s",
                // a dead TaskManager is noticed after 2 failed heartbeat RPCs: 1 s apart instead of 10 s
                "-D", "heartbeat.interval=1000",
                "-D", "heartbeat.timeout=30000");
        long clusterUp = System.nanoTime();
        try {
            jobId = SessionCluster.jobId(cluster.submit(Duration.ofMinutes(3), false, 2, "--config", yaml.toString()));
            FaultData.await("every subtask of job " + jobId + " RUNNING", 120, this::allSubtasksRunning);
            long running = System.nanoTime();
            Map<String, Set<String>> before = placement();
            assertThat(before).as("vertex → TaskManagers running its subtasks").isNotEmpty()
                    .allSatisfy((vertex, tms) -> assertThat(tms).as(vertex).containsExactlyInAnyOrder(SURVIVOR, KILLED));
            assertThat(before.keySet()).anyMatch(v -> v.contains(LOADER_VERTEX));
            long killedPid = cluster.pid(KILLED).orElseThrow();

            feeder = new Thread(() -> {
                for (int n = 0; n < EVENTS && feeding.get(); n += PER_FILE) {
                    fed.addAll(FaultData.writeSpool(spool, "t", n, n + PER_FILE, PER_FILE, i -> false).good);
                    FaultData.sleep(FILE_EVERY_MS);
                }
            }, "tm-kill-feeder");
            feeder.start();
            long feedStarted = System.nanoTime();

            FaultData.await("a completed checkpoint and " + EVENTS / 10 + " rows", 120,
                    () -> completedCheckpoints() >= 1 && rows() >= EVENTS / 10);
            long checkpointsAtKill = completedCheckpoints();
            long lastCheckpointAtKill = latestCompletedCheckpointId();
            int fedAtKill = fed.size();
            long rowsAtKill = rows();
            cluster.killTaskManager(KILLED);
            long killed = System.nanoTime();
            assertThat(SessionCluster.running(killedPid)).as("the killed TaskManager's JVM " + killedPid + " runs")
                    .isFalse();

            String replacement = cluster.addTaskManager(Duration.ofMinutes(3));
            FaultData.await("the job restored from a checkpoint and running again", 180,
                    () -> restoredCheckpoint().isPresent() && allSubtasksRunning() && !placementHas(KILLED));
            long restored = System.nanoTime();
            Map<String, Set<String>> after = placement();
            assertThat(after).allSatisfy((vertex, tms) -> assertThat(tms).as(vertex)
                    .containsExactlyInAnyOrder(SURVIVOR, replacement));

            feeder.join(120_000);
            assertThat(feeder.isAlive()).as("the feeder finished").isFalse();
            List<String> expected = List.copyOf(fed);
            assertThat(expected).hasSize(EVENTS);
            FaultData.await("every event in the table and the archive, the spool empty", 150,
                    () -> rows() >= EVENTS && FaultData.archiveIds(logPath, DESTINATION).size() >= EVENTS
                            && spoolFiles(spool).isEmpty());
            long loaded = System.nanoTime();

            List<String> ids = pg.query("SELECT eventn_ctx_event_id AS id FROM " + SCHEMA + ".events")
                    .stream().map(r -> (String) r.get("id")).toList();
            List<String> archived = FaultData.archiveIds(logPath, DESTINATION);
            assertExactlyOnce("rows in " + SCHEMA + ".events", ids, expected);
            assertExactlyOnce("archive lines", archived, expected);
            assertThat(FaultData.failedIds(logPath, DESTINATION)).as("failed lines").isEmpty();
            assertThat(FaultData.finishedLines(logPath.resolve("failed").resolve("malformed"))).as("malformed lines")
                    .isEmpty();
            assertThat(rowsAtKill).as("rows when the TaskManager was killed").isLessThan(EVENTS);

            JsonNode restore = restoredCheckpoint().orElseThrow();
            assertThat(restore.path("is_savepoint").asBoolean()).as("restored from a checkpoint: " + restore).isFalse();
            long restoredId = restore.path("id").asLong();
            // no checkpoint can complete while a TaskManager's subtasks are dead: the restore took the last one
            assertThat(restoredId).as("the restored checkpoint's id (the last completed before the kill: "
                    + lastCheckpointAtKill + ")").isPositive().isGreaterThanOrEqualTo(lastCheckpointAtKill);
            long restarts = numRestarts();
            assertThat(restarts).as("numRestarts").isGreaterThanOrEqualTo(1);
            List<String> exceptions = exceptionSummary();
            assertThat(exceptions).as("the job's exception history").anyMatch(e -> e.contains(KILLED));
            assertThat(cluster.json("/jobs/" + jobId).path("state").asText()).isEqualTo("RUNNING");

            System.out.printf("TaskManagerKillITCase: %d events in %d files; cluster up %.1f s, job running %.1f s later;"
                            + " SIGKILL of %s (pid %d) %.1f s after the feed began, at %d completed checkpoints, %d events fed,"
                            + " %d rows (last checkpoint %d); replacement %s; restored from checkpoint %d (%d restarts, %d restores)"
                            + " %.1f s after the kill; all loaded %.1f s after the kill; rows %d, archive lines %d, duplicates 0;"
                            + " total %.1f s%n",
                    EVENTS, EVENTS / PER_FILE, secs(t0, clusterUp), secs(clusterUp, running), KILLED, killedPid,
                    secs(feedStarted, killed), checkpointsAtKill, fedAtKill, rowsAtKill, lastCheckpointAtKill, replacement,
                    restoredId, restarts,
                    cluster.json("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong(),
                    secs(killed, restored), secs(killed, loaded), ids.size(), archived.size(), secs(t0, System.nanoTime()));
            exceptions.forEach(e -> System.out.println("TaskManagerKillITCase: exception history: " + e));
        } catch (Throwable t) {
            System.err.println("TaskManagerKillITCase failed; job " + jobId + ", fed " + fed.size() + ", rows " + rows());
            cluster.printLogs();
            throw t;
        }
    }

    // ---- the job as the REST API shows it ----

    private JsonNode job() {
        try {
            return cluster.json("/jobs/" + jobId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Vertex name → the resource IDs of the TaskManagers its subtasks (current attempts) are on. */
    private Map<String, Set<String>> placement() throws Exception {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode v : job().path("vertices")) {
            Set<String> tms = new TreeSet<>();
            for (JsonNode s : cluster.json("/jobs/" + jobId + "/vertices/" + v.path("id").asText()).path("subtasks")) {
                tms.add(s.path("taskmanager-id").asText());
            }
            out.put(v.path("name").asText(), tms);
        }
        return out;
    }

    private boolean placementHas(String taskManager) {
        try {
            return placement().values().stream().anyMatch(tms -> tms.contains(taskManager));
        } catch (Exception e) {
            return true;
        }
    }

    /** The job is RUNNING and so is every subtask of every vertex. */
    private boolean allSubtasksRunning() {
        try {
            JsonNode job = job();
            if (!job.path("state").asText().equals("RUNNING")) {
                return false;
            }
            for (JsonNode v : job.path("vertices")) {
                JsonNode subtasks = cluster.json("/jobs/" + jobId + "/vertices/" + v.path("id").asText()).path("subtasks");
                if (subtasks.size() != v.path("parallelism").asInt()) {
                    return false;
                }
                for (JsonNode s : subtasks) {
                    if (!s.path("status").asText().equals("RUNNING")) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private long completedCheckpoints() {
        try {
            return cluster.json("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private long latestCompletedCheckpointId() throws Exception {
        return cluster.json("/jobs/" + jobId + "/checkpoints").path("latest").path("completed").path("id").asLong();
    }

    /** {@code latest.restored} of {@code /jobs/<id>/checkpoints}: the checkpoint the job was last restored from. */
    private java.util.Optional<JsonNode> restoredCheckpoint() {
        try {
            JsonNode restored = cluster.json("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            return restored.isObject() ? java.util.Optional.of(restored) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private long numRestarts() throws Exception {
        for (JsonNode m : cluster.json("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong();
        }
        return -1;
    }

    /** Each entry of the job's exception history: its exception and where it happened. */
    private List<String> exceptionSummary() {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode e : cluster.json("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
                String first = e.path("stacktrace").asText().lines().findFirst().orElse("");
                out.add(e.path("taskName").asText("(global)") + " on " + e.path("taskManagerId").asText("?") + ": "
                        + (first.length() > 200 ? first.substring(0, 200) + "…" : first));
            }
        } catch (Exception e) {
            out.add("(no exception history: " + e + ")");
        }
        return out;
    }

    // ---- outcomes ----

    private long rows() {
        try {
            return ((Number) pg.query("SELECT count(*) AS n FROM " + SCHEMA + ".events").get(0).get("n")).longValue();
        } catch (IllegalStateException e) {
            return 0; // the job has not created the table yet
        }
    }

    private static List<Path> spoolFiles(Path spool) {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        } catch (Exception e) {
            return List.of(Path.of("(unlisted: " + e + ")"));
        }
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }
}
