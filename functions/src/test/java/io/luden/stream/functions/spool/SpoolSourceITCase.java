package io.luden.stream.functions.spool;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SpoolSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    /** Every job a test started: one left running would hold the MiniCluster's slots for the next test. */
    private static final List<JobClient> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void cancelJobsStillRunning() throws Exception {
        for (JobClient job : STARTED) {
            JobStatus status = job.getJobStatus().get();
            if (!status.isGloballyTerminalState() && status != JobStatus.CANCELLING) {
                System.err.println("SpoolSourceITCase: job " + job.getJobID() + " still " + status + " after the test; cancelling it");
                job.cancel().get();
            }
            try {
                job.getJobExecutionResult().get(1, TimeUnit.MINUTES); // cancel() returns before the slots are free
            } catch (java.util.concurrent.ExecutionException cancelledOrFailed) {
                // what the test asserted on, if anything, is done
            }
        }
        STARTED.clear();
    }

    @Test
    void continuousModePicksUpFilesRenamedInLaterAndNeverIncompleteOnes() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        List<SpoolLine> expected = new ArrayList<>();
        expected.addAll(write(spool.resolve("a.log"), "{\"a\":1}", "", "{\"a\":3}"));
        expected.addAll(writeGz(spool.resolve("incoming.tok=t1-2024-01-02T03-04-05.678.log.gz"), "{\"r\":1}"));
        expected.addAll(write(Files.createDirectories(spool.resolve("2024-01-02")).resolve("d.log"), "{\"d\":1}"));
        java.nio.file.Path inProgress = spool.resolve(".b.log.tmp");
        write(inProgress, "{\"b\":1}", "{\"b\":2}");
        write(spool.resolve("_c.log"), "{\"never\":\"underscore\"}");
        write(Files.createDirectories(spool.resolve("_staging")).resolve("x.log"), "{\"never\":\"staging\"}");
        java.nio.file.Path active = spool.resolve("incoming.tok=t1.log");
        write(active, "{\"never\":\"active\"}");

        CollectingSink sink = new CollectingSink();
        JobClient job = start(SpoolSource.continuous(flinkPath(spool), Duration.ofMillis(100)), sink, new Configuration());
        try {
            awaitLines(sink, expected.size());

            java.nio.file.Path b = Files.move(inProgress, spool.resolve("b.log"), StandardCopyOption.ATOMIC_MOVE);
            expected.addAll(expectedLines(b, "{\"b\":1}", "{\"b\":2}"));
            Files.writeString(active, "{\"never\":\"active, appended\"}\n", java.nio.file.StandardOpenOption.APPEND);
            awaitLines(sink, expected.size());

            expected.addAll(renameIn(spool, "z.log", "{\"z\":1}"));
            awaitLines(sink, expected.size());
            Thread.sleep(500); // a few more discovery rounds: nothing else may arrive

            assertThat(sink.lines()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void boundedModeWritesTheDrainedMarkerAfterReadingTheFilesPresentAtStart() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        java.nio.file.Path marker = tmp.resolve("drained");
        Files.writeString(marker, "stale, from an earlier run"); // the source replaces it
        List<SpoolLine> expected = new ArrayList<>();
        expected.addAll(write(spool.resolve("a.log"), "{\"a\":1}", "{\"a\":2}"));
        expected.addAll(writeGz(spool.resolve("b.log.gz"), "{\"b\":1}", "", "{\"b\":3}"));
        expected.addAll(write(spool.resolve("c.log"), "{\"c\":1}"));
        write(spool.resolve(".d.log.tmp"), "{\"never\":1}");
        write(spool.resolve("incoming.tok=t1.log"), "{\"never\":2}");

        CollectingSink sink = new CollectingSink();
        JobClient job = start(SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker)), sink, new Configuration());
        try {
            awaitMarker(marker);
            expected.addAll(renameIn(spool, "late.log", "{\"late\":1}")); // after the one listing: not read by this run
            awaitLines(sink, expected.size() - 1);
            Thread.sleep(300);

            assertThat(Files.readString(marker)).contains("3 file(s) read");
            assertThat(sink.lines()).containsExactlyInAnyOrderElementsOf(expected.subList(0, expected.size() - 1));
            assertThat(job.getJobStatus().get()).as("drained, but not finished by itself").isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void restoredFromTheSavepointOfADrainedRunReadsOnlyNewFiles() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        java.nio.file.Path marker = tmp.resolve("drained");
        String savepoints = tmp.resolve("savepoints").toUri().toString();
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, tmp.resolve("checkpoints").toUri().toString());
        SpoolSource bounded = SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker));

        // run 1: bounded, everything present at start
        List<SpoolLine> first = new ArrayList<>(write(spool.resolve("a.log"), "{\"a\":1}", "{\"a\":2}"));
        first.addAll(writeGz(spool.resolve("b.log.gz"), "{\"b\":1}"));
        CollectingSink sink1 = new CollectingSink();
        String savepoint1 = runUntilDrained(bounded, sink1, conf, marker, savepoints);
        assertThat(sink1.lines()).containsExactlyInAnyOrderElementsOf(first);

        // run 2: bounded again, from run 1's savepoint, with one new file
        List<SpoolLine> second = renameIn(spool, "c.log", "{\"c\":1}", "", "{\"c\":3}");
        CollectingSink sink2 = new CollectingSink();
        String savepoint2 = runUntilDrained(bounded, sink2, restoring(conf, savepoint1), marker, savepoints);
        assertThat(sink2.lines()).containsExactlyInAnyOrderElementsOf(second);

        // run 3: continuous, from run 2's (bounded) savepoint: only files that appeared since
        List<SpoolLine> third = renameIn(spool, "d.log", "{\"d\":1}");
        CollectingSink sink3 = new CollectingSink();
        JobClient job = start(SpoolSource.continuous(flinkPath(spool), Duration.ofMillis(100)), sink3, restoring(conf, savepoint2));
        try {
            awaitLines(sink3, third.size());
            Thread.sleep(500);
            assertThat(sink3.lines()).containsExactlyInAnyOrderElementsOf(third);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void stoppedInTheMiddleOfAFileResumesAfterTheLastEmittedLine() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        java.nio.file.Path marker = tmp.resolve("drained");
        String savepoints = tmp.resolve("savepoints").toUri().toString();
        List<SpoolLine> all = new ArrayList<>();
        for (String name : List.of("a.log", "b.log.gz")) {
            String[] lines = new String[3000];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = i % 10 == 9 ? "" : "{\"" + name + "\":" + i + "}";
            }
            all.addAll(name.endsWith(".gz") ? writeGz(spool.resolve(name), lines) : write(spool.resolve(name), lines));
        }
        SpoolSource bounded = SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker));

        CollectingSink sink1 = new CollectingSink();
        JobClient job = start(bounded, sink1, new Configuration(), true);
        awaitLines(sink1, 500);
        String savepoint = job.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        assertThat(sink1.lines()).as("stopped while reading").hasSizeLessThan(all.size() / 2);

        CollectingSink sink2 = new CollectingSink();
        runUntilDrained(bounded, sink2, restoring(new Configuration(), savepoint), marker, savepoints);
        awaitLines(sink2, all.size() - sink1.lines().size());

        List<SpoolLine> both = new ArrayList<>(sink1.lines());
        both.addAll(sink2.lines());
        assertThat(both).as("every line exactly once").containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void finishWhenDrainedEndsTheJob() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        List<SpoolLine> expected = new ArrayList<>(write(spool.resolve("a.log"), "{\"a\":1}", "{\"a\":2}"));
        expected.addAll(write(spool.resolve("b.log"), "{\"b\":1}"));
        expected.addAll(write(spool.resolve("c.log"), "{\"c\":1}"));

        CollectingSink sink = new CollectingSink();
        JobClient job = start(SpoolSource.bounded(flinkPath(spool)).finishWhenDrained(), sink, new Configuration());
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        assertThat(sink.lines()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyFileLeavesTheSpoolForTheDoneFolderOnceACheckpointCoversItsLines() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        java.nio.file.Path done = tmp.resolve("done");
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        SpoolSource source = SpoolSource.continuous(flinkPath(spool), Duration.ofMillis(50))
                .whenRead(SpoolDone.moveTo(flinkPath(spool), flinkPath(done)));
        write(spool.resolve("incoming.tok=t1.log"), "{\"never\":\"active\"}");

        CollectingSink sink = new CollectingSink();
        JobClient job = start(source, sink, conf, true);
        List<SpoolLine> expected = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (int f = 0; f < 30; f++) {
                String[] lines = new String[20];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = "{\"f\":" + f + ",\"i\":" + i + "}";
                }
                String name = f % 3 == 0 ? "sub/f" + f + ".log" : "f" + f + ".log";
                Files.createDirectories(spool.resolve(name).getParent());
                expected.addAll(renameIn(spool.resolve(name).getParent(), spool.resolve(name).getFileName().toString(), lines));
                names.add(name);
                Thread.sleep(30);
            }
            awaitLines(sink, expected.size());
            await("every read file in the done folder", () -> names.stream().allMatch(n -> Files.exists(done.resolve(n))));

            assertThat(sink.lines()).as("each line once").containsExactlyInAnyOrderElementsOf(expected);
            try (var left = Files.walk(spool)) {
                assertThat(left.filter(Files::isRegularFile).map(p -> spool.relativize(p).toString()))
                        .containsExactly("incoming.tok=t1.log");
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void afterAFailureEveryLineIsReadAndEveryFileTakenOutOnlyOnceItsLinesAreCheckpointed() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        List<SpoolLine> expected = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            String[] lines = new String[400];
            for (int i = 0; i < lines.length; i++) {
                lines[i] = "{\"f\":" + f + ",\"i\":" + i + "}";
            }
            expected.addAll(write(spool.resolve("f" + f + ".log"), lines));
        }
        SpoolSource source = SpoolSource.continuous(flinkPath(spool), Duration.ofMillis(50)).whenRead(SpoolDone.delete());

        CollectingSink sink = new CollectingSink();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        java.nio.file.Path failedOnce = tmp.resolve("failed-once");
        java.io.File failedOnceFile = failedOnce.toFile();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "spool").uid("spool")
                .map(line -> {
                    Thread.sleep(1);
                    // the first time line 300 of f5 arrives, the job fails and restores its last checkpoint
                    if (line.text.equals("{\"f\":5,\"i\":300}") && failedOnceFile.createNewFile()) {
                        throw new IllegalStateException("injected failure");
                    }
                    return line;
                }).uid("throttle")
                .sinkTo(sink).uid("collect");
        JobClient job = env.executeAsync("spool-failure-test");
        STARTED.add(job);
        try {
            await("every file read and taken out", () -> {
                try (var left = Files.list(spool)) {
                    return left.findAny().isEmpty();
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(failedOnce).exists();
            // the sink is not part of the checkpoint: lines after the restored checkpoint arrive twice,
            // but none is missing — a file taken out too early would lose its lines after the restore
            assertThat(new java.util.HashSet<>(sink.lines())).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void aRunRestoredFromASavepointTakesOutTheFilesReadBeforeIt() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("spool"));
        java.nio.file.Path done = tmp.resolve("done");
        java.nio.file.Path marker = tmp.resolve("drained");
        String savepoints = tmp.resolve("savepoints").toUri().toString();
        List<SpoolLine> first = new ArrayList<>(write(spool.resolve("a.log"), "{\"a\":1}"));
        first.addAll(write(spool.resolve("b.log"), "{\"b\":1}"));
        CollectingSink sink1 = new CollectingSink();
        // run 1 keeps what it read
        String savepoint = runUntilDrained(SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker)),
                sink1, new Configuration(), marker, savepoints);
        assertThat(sink1.lines()).containsExactlyInAnyOrderElementsOf(first);
        assertThat(spool.resolve("a.log")).exists();

        List<SpoolLine> second = renameIn(spool, "c.log", "{\"c\":1}");
        CollectingSink sink2 = new CollectingSink();
        runUntilDrained(SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker))
                        .whenRead(SpoolDone.moveTo(flinkPath(spool), flinkPath(done))),
                sink2, restoring(new Configuration(), savepoint), marker, savepoints);

        assertThat(sink2.lines()).containsExactlyInAnyOrderElementsOf(second);
        assertThat(done.resolve("a.log")).exists();
        assertThat(done.resolve("b.log")).exists();
        // c.log was read by run 2: its stop-with-savepoint covers it
        assertThat(done.resolve("c.log")).exists();
        try (var left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
    }

    // ------------------------------------------------------------------------

    private static JobClient start(SpoolSource source, CollectingSink sink, Configuration conf) throws Exception {
        return start(source, sink, conf, false);
    }

    /** Slow: about 1 ms per line, so a test can stop the job in the middle of a file. */
    private static JobClient start(SpoolSource source, CollectingSink sink, Configuration conf, boolean slow) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "spool").uid("spool")
                .map(line -> {
                    if (slow) {
                        Thread.sleep(1);
                    }
                    return line;
                }).uid("throttle")
                .sinkTo(sink).uid("collect");
        JobClient job = env.executeAsync("spool-test");
        STARTED.add(job);
        return job;
    }

    /** What the launcher does: wait for the marker, then stop with a savepoint. */
    private static String runUntilDrained(SpoolSource source, CollectingSink sink, Configuration conf,
                                          java.nio.file.Path marker, String savepoints) throws Exception {
        Files.deleteIfExists(marker);
        JobClient job = start(source, sink, conf);
        awaitMarker(marker);
        String savepoint = DrainedStop.stopWithSavepoint(job, savepoints, Duration.ofMinutes(1));
        job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        return savepoint;
    }

    private static Configuration restoring(Configuration conf, String savepoint) {
        Configuration restoring = new Configuration(conf);
        restoring.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        return restoring;
    }

    private static void awaitMarker(java.nio.file.Path marker) throws InterruptedException {
        await("drained marker " + marker, () -> {
            try {
                return Files.readString(marker).startsWith("drained");
            } catch (IOException e) {
                return false; // not there yet
            }
        });
    }

    private static void awaitLines(CollectingSink sink, int count) throws InterruptedException {
        await(count + " lines", () -> sink.lines().size() >= count);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Written under a hidden name, then renamed into place, as spool writers do. */
    private static List<SpoolLine> renameIn(java.nio.file.Path spool, String name, String... lines) throws IOException {
        java.nio.file.Path hidden = spool.resolve("." + name + ".tmp");
        write(hidden, lines);
        java.nio.file.Path file = Files.move(hidden, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return expectedLines(file, lines);
    }

    private static List<SpoolLine> write(java.nio.file.Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return expectedLines(file, lines);
    }

    private static List<SpoolLine> writeGz(java.nio.file.Path file, String... lines) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return expectedLines(file, lines);
    }

    /** The non-blank lines, numbered as in the file, with the path as the source reports it. */
    private static List<SpoolLine> expectedLines(java.nio.file.Path file, String... lines) {
        List<SpoolLine> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.add(new SpoolLine(flinkPath(file).toString(), i + 1, lines[i]));
            }
        }
        return out;
    }

    private static Path flinkPath(java.nio.file.Path path) {
        return Path.fromLocalFile(path.toFile());
    }
}
