package io.luden.stream.functions.spool;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long-running spool in small: N files (default 1,000; {@code -Dluden.soak.files=10000} for the
 * figure in the README), each renamed into the spool, read by a continuous job with a checkpoint
 * every 200 ms. With read files moved out (spool.after_read: move) the spool ends empty and the
 * source's checkpointed state holds no file paths; kept in place (keep), every path stays in every
 * checkpoint. Prints both side by side: files left, source state bytes, checkpoint durations.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class SpoolSoakITCase {

    private static final int FILES = Integer.getInteger("luden.soak.files", 1000);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir java.nio.file.Path tmp;

    @Test
    void aSpoolThatMovesReadFilesOutKeepsTheDirectoryAndTheSourceStateBounded(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Soak move = soak(cluster, "move");
        Soak keep = soak(cluster, "keep");

        System.out.printf("%nSpool soak: %,d files, one event each, checkpoint every 200 ms%n", FILES);
        System.out.printf("%-6s %12s %18s %22s %22s%n", "mode", "files left", "source state", "checkpoint ms (median)", "checkpoint ms (max)");
        for (Soak s : List.of(move, keep)) {
            System.out.printf("%-6s %12d %16d B %22d %22d%n", s.mode, s.filesLeft, s.sourceStateBytes, s.medianMillis, s.maxMillis);
        }

        assertThat(move.lines).isEqualTo(FILES);
        assertThat(keep.lines).isEqualTo(FILES);
        assertThat(move.filesLeft).isZero();
        assertThat(keep.filesLeft).isEqualTo(FILES);
        // with move the state holds no path at all (a few bytes of headers); with keep, one per file
        assertThat(move.sourceStateBytes).isLessThan(200);
        assertThat(keep.sourceStateBytes).isGreaterThan(FILES * 40L);
    }

    private record Soak(String mode, int lines, long filesLeft, long sourceStateBytes, long medianMillis, long maxMillis) {}

    private Soak soak(MiniCluster cluster, String mode) throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve(mode + "/incoming"));
        java.nio.file.Path checkpoints = tmp.resolve(mode + "/checkpoints");
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        SpoolSource source = SpoolSource.continuous(local(spool), Duration.ofMillis(100))
                .whenRead(mode.equals("move") ? SpoolDone.moveTo(local(spool), local(tmp.resolve(mode + "/done"))) : SpoolDone.keep());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        CollectingSink sink = new CollectingSink();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "spool").uid("spool").sinkTo(sink).uid("collect");
        JobClient job = env.executeAsync("spool-soak-" + mode);
        try {
            for (int i = 0; i < FILES; i++) {
                java.nio.file.Path hidden = spool.resolve(".f" + i + ".log.tmp");
                Files.writeString(hidden, "{\"eventn_ctx_event_id\":\"" + mode + "-" + i + "\",\"event_type\":\"soak\"}\n");
                Files.move(hidden, spool.resolve("f" + i + ".log"), StandardCopyOption.ATOMIC_MOVE);
            }
            await(() -> sink.lines().size() >= FILES, "all " + FILES + " lines read");
            if (mode.equals("move")) {
                await(() -> countFiles(spool) == 0, "the spool emptied");
            }
            long completed = completedCheckpoints(cluster, job.getJobID());
            await(() -> completedCheckpoints(cluster, job.getJobID()) >= completed + 3, "3 more checkpoints");
            List<Long> durations = durations(cluster, job.getJobID());
            job.cancel().get();
            long median = durations.get(durations.size() / 2);
            return new Soak(mode, sink.lines().size(), countFiles(spool), sourceStateBytes(newestMetadata(checkpoints)),
                    median, durations.get(durations.size() - 1));
        } finally {
            if (!job.getJobStatus().get().isTerminalState()) {
                job.cancel().get();
            }
        }
    }

    private static long completedCheckpoints(MiniCluster cluster, JobID job) {
        try {
            return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            return 0;
        }
    }

    /** End-to-end durations of the (up to 10) newest completed checkpoints, sorted. */
    private static List<Long> durations(MiniCluster cluster, JobID job) throws Exception {
        List<Long> durations = new ArrayList<>();
        for (AbstractCheckpointStats stats : cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (stats.getStatus() == CheckpointStatsStatus.COMPLETED && durations.size() < 10) {
                durations.add(stats.getEndToEndDuration());
            }
        }
        durations.sort(Comparator.naturalOrder());
        return durations;
    }

    private static java.nio.file.Path newestMetadata(java.nio.file.Path checkpoints) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.find(checkpoints, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            return files.max(Comparator.comparingLong(p -> Long.parseLong(p.getParent().getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no checkpoint under " + checkpoints));
        }
    }

    /** Bytes of the spool source's enumerator state (operator coordinator state) in a checkpoint. */
    private static long sourceStateBytes(java.nio.file.Path metadata) throws IOException {
        try (InputStream in = Files.newInputStream(metadata)) {
            CheckpointMetadata m = Checkpoints.loadCheckpointMetadata(new DataInputStream(in),
                    SpoolSoakITCase.class.getClassLoader(), metadata.getParent().toString());
            long bytes = 0;
            for (OperatorState op : m.getOperatorStates()) {
                if (op.getCoordinatorState() != null) {
                    bytes += op.getCoordinatorState().getStateSize();
                }
            }
            return bytes;
        }
    }

    private static long countFiles(java.nio.file.Path dir) {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static Path local(java.nio.file.Path path) {
        return Path.fromLocalFile(path.toFile());
    }
}
