package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.functions.spool.SpoolLine;
import io.luden.stream.functions.spool.SpoolSource;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the job's real topology on the test MiniCluster over a spool directory, bounded, and reads
 * what it wrote: the accumulator summary and the finished failed/archive files.
 */
final class PipelineRunner {
    private final Path root;

    PipelineRunner(Path root) {
        this.root = root;
    }

    Path spool() throws IOException {
        return Files.createDirectories(root.resolve("incoming"));
    }

    Path logPath() {
        return root.resolve("events");
    }

    /** Writes a configuration with this run's spool/log/state folders and the given destinations section. */
    LudenConfig config(String rest) throws Exception {
        return config("", rest);
    }

    /** {@code stateExtra}: more keys of the state section, e.g. {@code ", backend: rocksdb"}. */
    LudenConfig config(String stateExtra, String rest) throws Exception {
        Path file = root.resolve("luden.yaml");
        String yaml = "spool: {dir: " + spool() + "}\n"
                + "log: {path: " + logPath() + "}\n"
                + "state: {dir: " + root.resolve("state") + ", checkpoint_interval: 300ms" + stateExtra + "}\n"
                + rest;
        Files.writeString(file, yaml);
        return StartupChecks.load(file);
    }

    /** One bounded run over the spool (no restore): scope → outcome → count. */
    Map<String, Map<String, Long>> run(LudenConfig config) throws Exception {
        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        LudenTopology.build(env, config,
                SpoolSource.bounded(new org.apache.flink.core.fs.Path(config.spoolDir())).finishWhenDrained());
        JobExecutionResult result = env.execute("luden-it");
        return Summary.read(result.getAllAccumulatorResults());
    }

    /**
     * Starts the job's topology over {@code source} on the test MiniCluster at {@code parallelism},
     * resuming from {@code savepoint} when it is not null.
     */
    static JobClient start(LudenConfig config, Source<SpoolLine, ?, ?> source, int parallelism, Path savepoint)
            throws Exception {
        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        if (savepoint != null) {
            JobSettings.restoreFrom(conf, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        LudenTopology.build(env, config, source);
        return env.executeAsync("luden-it");
    }

    /** The one line of destination {@code destinationId}'s failed files, parsed; fails unless there is exactly one. */
    com.fasterxml.jackson.databind.JsonNode onlyFailedLine(String destinationId) throws IOException {
        List<String> failed = lines("failed", "dst=" + destinationId);
        if (failed.size() != 1) {
            throw new AssertionError("expected one failed line of " + destinationId + ", got " + failed.size() + ": " + failed);
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(failed.get(0));
    }

    /** Lines of the finished files of {@code kind} (failed/archive) in {@code folder} (dst=<id> or malformed). */
    List<String> lines(String kind, String folder) throws IOException {
        Path dir = logPath().resolve(kind).resolve(folder);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().startsWith(".")) {
                    out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Names of the finished files of {@code kind} in {@code folder}. */
    List<String> fileNames(String kind, String folder) throws IOException {
        Path dir = logPath().resolve(kind).resolve(folder);
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /** A {@code destinations:} entry writing to {@code schema} of the embedded Postgres; {@code extra}: more keys. */
    static String postgresDestination(io.luden.stream.sinks.testing.PostgresFixture pg, String id, String schema,
                                      String extra) {
        return "  " + id + ":\n"
                + "    type: postgres\n"
                + "    datasource: {host: localhost, port: " + pg.port() + ", db: postgres, schema: " + schema
                + ", username: postgres, password: postgres}\n"
                + extra;
    }
}
