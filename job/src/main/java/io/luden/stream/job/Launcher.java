package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.functions.LoaderActivity;
import io.luden.stream.functions.spool.DrainedStop;
import io.luden.stream.functions.spool.SpoolLine;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./luden run [--config FILE] [--bounded] [--fresh]}: runs the job in an embedded Flink with
 * its web UI, resuming from the newest checkpoint or savepoint under {@code state.dir}. Both
 * {@code --bounded} (once every file present at start is read) and Ctrl-C stop the job with a
 * savepoint, so the next run continues where this one ended — including events still waiting for
 * an unreachable warehouse.
 *
 * <p>Exit codes: 0 done; 1 the job failed; 2 bad arguments or configuration; 3 events still wait
 * for an unreachable warehouse (kept in the savepoint, retried by the next run).
 */
public final class Launcher {
    static final int DEFAULT_UI_PORT = 8081;
    private static final PrintStream OUT = System.out;
    /** How long the loaders must have been settled before a drained bounded run stops (see loadersSettled). */
    static final long SETTLED_MILLIS = 500;

    private final LudenConfig config;
    private final Path configFile;
    private final boolean bounded;
    private final boolean fresh;
    private volatile JobClient client;
    private final CountDownLatch interrupted = new CountDownLatch(1);

    private Launcher(LudenConfig config, Path configFile, boolean bounded, boolean fresh) {
        this.config = config;
        this.configFile = configFile;
        this.bounded = bounded;
        this.fresh = fresh;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the launcher; returns the exit code. */
    public static int run(String[] args) {
        if (args.length > 0 && args[0].equals("replay")) {
            return Replay.run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length == 0 || !args[0].equals("run")) {
            System.err.println("usage: luden run [--config FILE] [--bounded] [--fresh]");
            System.err.println("       " + Replay.USAGE.substring("usage: ".length()));
            return 2;
        }
        String configFile = defaultConfig();
        boolean bounded = false;
        boolean fresh = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--config":
                    if (i + 1 >= args.length) {
                        System.err.println("luden: --config needs a file");
                        return 2;
                    }
                    configFile = args[++i];
                    break;
                case "--bounded":
                    bounded = true;
                    break;
                case "--fresh":
                    fresh = true;
                    break;
                default:
                    System.err.println("luden: unknown option '" + args[i] + "'; usage: luden run [--config FILE] [--bounded] [--fresh]");
                    return 2;
            }
        }
        LudenConfig config;
        try {
            config = StartupChecks.load(Path.of(configFile));
        } catch (ConfigException e) {
            System.err.println("luden: " + e.getMessage());
            return 2;
        }
        Logging.toFile(Path.of(config.stateDir(), "luden-stream.log"));
        config.warnings().forEach(w -> OUT.println("luden: warning: " + w));
        try {
            return new Launcher(config, Path.of(configFile), bounded, fresh).execute();
        } catch (Exception e) {
            System.err.println("luden: " + ExceptionUtils.stringifyException(e));
            return 1;
        }
    }

    private int execute() throws Exception {
        for (String dir : new String[] {config.spoolDir(), config.stateDir(), config.logPath()}) {
            if (Files.exists(Path.of(dir)) && !Files.isDirectory(Path.of(dir))) {
                System.err.println("luden: " + dir + " must be a directory, but it is a file");
                return 2;
            }
            Files.createDirectories(Path.of(dir));
        }
        StateDir state = new StateDir(config.stateDir());
        int port = uiPort();
        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        conf.set(RestOptions.PORT, port);
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        int parallelism = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        if (bounded) {
            // a run that must end: give up after a few restarts and say why
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        }
        Optional<Path> snapshot = fresh ? Optional.empty() : state.latestSnapshot();
        Optional<Path> lastConfig = state.lastConfig();
        Path thisConfig = configFile.toAbsolutePath().normalize();
        if (snapshot.isPresent() && lastConfig.isPresent() && !lastConfig.get().equals(thisConfig)) {
            OUT.println("luden: warning: " + config.stateDir() + " was last used with " + lastConfig.get()
                    + "; this run (" + thisConfig + ") resumes that state: the spool files it read are not read again."
                    + " Give each configuration its own state.dir, or start over with --fresh.");
        }
        state.recordConfig(thisConfig);
        snapshot.ifPresent(s -> JobSettings.restoreFrom(conf, s));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(parallelism);
        Path drainedMarker = Path.of(config.stateDir(), "drained-" + UUID.randomUUID());
        Source<SpoolLine, ?, ?> source = bounded
                ? JobSettings.boundedSpool(config).drainedMarker(new org.apache.flink.core.fs.Path(drainedMarker.toUri()))
                : JobSettings.continuousSpool(config);
        LudenTopology.build(env, config, source);

        printStart(port, snapshot);
        client = env.executeAsync(LudenJob.JOB_NAME);
        Signals.onStop(interrupted::countDown);
        try {
            Optional<Path> savepoint = waitUntilDoneOrStopped(drainedMarker, parallelism);
            if (savepoint.isPresent()) {
                state.pruneBefore(savepoint.get());
            }
            JobExecutionResult result = client.getJobExecutionResult().get();
            return printSummary(result.getAllAccumulatorResults());
        } catch (ExecutionException e) {
            Throwable cause = ExceptionUtils.stripExecutionException(e);
            System.err.println("luden: the job failed: " + rootMessage(cause));
            System.err.println("luden: details in " + Path.of(config.stateDir(), "luden-stream.log"));
            snapshot.ifPresent(s -> System.err.println("luden: this run resumed from " + s
                    + "; if that state cannot be used any more, start over with --fresh"));
            return 1;
        } finally {
            Files.deleteIfExists(drainedMarker);
        }
    }

    /**
     * Bounded: stop once the spool is drained. Both: stop on Ctrl-C. Returns when the job ended, with
     * the savepoint it stopped with (none when it ended by itself, e.g. failed).
     */
    private Optional<Path> waitUntilDoneOrStopped(Path drainedMarker, int parallelism) throws Exception {
        while (!client.getJobExecutionResult().isDone()) {
            boolean ctrlC = interrupted.await(200, TimeUnit.MILLISECONDS);
            boolean drained = bounded && Files.exists(drainedMarker) && loadersSettled(parallelism);
            if (ctrlC || drained) {
                OUT.println(ctrlC ? "luden: stopping (Ctrl-C or SIGTERM): taking a savepoint…"
                        : "luden: every file in the spool is read; stopping with a savepoint…");
                String savepoint = DrainedStop.stopWithSavepoint(client,
                        JobSettings.uri(config.stateDir(), JobSettings.SAVEPOINTS), Duration.ofMinutes(2));
                OUT.println("luden: savepoint " + savepoint);
                return Optional.of(Path.of(java.net.URI.create(savepoint)));
            }
        }
        return Optional.empty();
    }

    /**
     * Every loader subtask is open (its restored queue counted) and every event that reached a loader
     * is written, failed or parked for an unreachable warehouse — no micro-batch waits for its delay or
     * its commit — and has been so for {@link #SETTLED_MILLIS} (longer than Flink's network buffer
     * timeout, so the last records read are not still on their way).
     */
    private static boolean loadersSettled(int parallelism) {
        return LoaderActivity.openLoaders() >= parallelism && LoaderActivity.unsettled() == 0
                && LoaderActivity.quietMillis() >= SETTLED_MILLIS;
    }

    private void printStart(int port, Optional<Path> snapshot) {
        OUT.println("luden: watching " + config.spoolDir() + (bounded ? " (bounded: files present now)" : " (Ctrl-C or SIGTERM stops it with a savepoint)"));
        for (DestinationConfig d : config.destinations().values()) {
            OUT.println("luden: destination " + d.id() + " → " + d.connection());
        }
        OUT.println("luden: failed/archive files under " + config.logPath());
        OUT.println("luden: read spool files: " + JobSettings.spoolDone(config) + " once checkpointed");
        OUT.println("luden: " + snapshot.map(s -> "resuming from " + s).orElse(fresh ? "fresh start (--fresh)" : "fresh start (no earlier state)"));
        OUT.println("luden: Flink web UI http://localhost:" + port);
    }

    private int printSummary(Map<String, Object> accumulators) {
        Map<String, Map<String, Long>> s = Summary.read(accumulators);
        Map<String, Long> spool = s.getOrDefault(Summary.SPOOL, Map.of());
        OUT.printf("luden: spool: %d event(s) read, %d malformed, %d without destination%n",
                spool.getOrDefault(Summary.READ, 0L), spool.getOrDefault(Summary.MALFORMED, 0L),
                spool.getOrDefault(Summary.NO_DESTINATION, 0L));
        OUT.printf("luden: %-20s %8s %8s %8s %8s %8s%n", "destination", "read", "loaded", "skipped", "failed", "waiting");
        long waiting = 0;
        for (String d : config.destinations().keySet()) {
            Map<String, Long> m = s.getOrDefault(d, Map.of());
            long w = m.getOrDefault(Summary.WAITING, 0L);
            waiting += w;
            OUT.printf("luden: %-20s %8d %8d %8d %8d %8d%n", d, m.getOrDefault(Summary.READ, 0L),
                    m.getOrDefault(Summary.LOADED, 0L), m.getOrDefault(Summary.SKIPPED, 0L),
                    m.getOrDefault(Summary.FAILED, 0L), w);
        }
        if (waiting > 0) {
            OUT.println("luden: " + waiting + " event(s) wait for an unreachable warehouse; they are kept in the savepoint"
                    + " and loaded by the next run");
            return 3;
        }
        return 0;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = ExceptionUtils.findThrowable(t, ConfigException.class).map(c -> (Throwable) c).orElse(t);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** {@code conf/luden.yaml} of the current directory, else the one beside the launcher script. */
    static String defaultConfig() {
        String local = "conf/luden.yaml";
        String home = System.getProperty("luden.home");
        if (Files.exists(Path.of(local)) || home == null) {
            return local;
        }
        return Path.of(home, local).toString();
    }

    /** 8081, or a free port when 8081 is taken. */
    static int uiPort() throws IOException {
        try (ServerSocket s = new ServerSocket(DEFAULT_UI_PORT, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return DEFAULT_UI_PORT;
        } catch (IOException taken) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                OUT.println("luden: port " + DEFAULT_UI_PORT + " is taken; using " + s.getLocalPort());
                return s.getLocalPort();
            }
        }
    }
}
