package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Flink session cluster for the cluster tests: {@code flink-deploy/session-cluster.sh} started
 * in a directory of its own (JobManager and TaskManager JVMs), jobs submitted with
 * {@code flink-deploy/submit.sh}, and the REST API. {@link #close()} stops it (the script's
 * {@code stop}, then SIGKILL for any JVM of its pid files still there), also from a shutdown hook if
 * the test JVM ends first.
 */
final class SessionCluster implements AutoCloseable {
    static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
    static final Path JAR = REPO.resolve("job/target/luden-stream.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Run(int exitCode, String output) {}

    private final Path work;
    private final Path dir;
    private final String restUrl;
    /** Every JVM pid seen in the cluster's pid files: the safety net of {@link #close()}. */
    private final Set<Long> pids = new LinkedHashSet<>();
    private final Thread shutdownHook;

    private SessionCluster(Path work, Path dir, String restUrl) {
        this.work = work;
        this.dir = dir;
        this.restUrl = restUrl;
        this.shutdownHook = new Thread(this::killAll, "session-cluster-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        recordPids();
    }

    /**
     * {@code session-cluster.sh start --dir <work>/cluster <options>}; on failure prints the cluster
     * logs, stops what was started and throws.
     */
    static SessionCluster start(Path work, Duration timeout, String... options) throws Exception {
        assertThat(JAR).as("the job JAR (built in the package phase)").exists();
        Path dir = work.resolve("cluster");
        List<String> args = new ArrayList<>(List.of("start", "--dir", dir.toString()));
        args.addAll(List.of(options));
        Run start = script(work, timeout, "session-cluster.sh", args.toArray(String[]::new));
        if (start.exitCode() != 0) {
            printLogs(dir);
            script(work, Duration.ofMinutes(2), "session-cluster.sh", "stop", "--dir", dir.toString());
            throw new AssertionError("the session cluster did not start:\n" + start.output());
        }
        System.out.println(start.output());
        String port = Files.readString(dir.resolve("rest.port")).trim();
        return new SessionCluster(work, dir, "http://localhost:" + port);
    }

    Path dir() {
        return dir;
    }

    String restUrl() {
        return restUrl;
    }

    /** {@code GET <path>} of the REST API; asserts 200. */
    String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    JsonNode json(String path) throws Exception {
        return JSON.readTree(get(path));
    }

    /** {@code submit.sh [--wait S] -- <jobArgs>}: returns the script's run (its output holds the job id). */
    Run submit(Duration timeout, boolean waitForEnd, String... jobArgs) throws Exception {
        return submit(timeout, waitForEnd, 0, jobArgs);
    }

    /** {@code submit.sh [--parallelism P] [--wait S] -- <jobArgs>} (P = 0: the cluster's default parallelism). */
    Run submit(Duration timeout, boolean waitForEnd, int parallelism, String... jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        if (parallelism > 0) {
            args.addAll(List.of("--parallelism", String.valueOf(parallelism)));
        }
        if (waitForEnd) {
            args.addAll(List.of("--wait", String.valueOf(timeout.toSeconds())));
        }
        args.add("--");
        args.addAll(List.of(jobArgs));
        return script(work, timeout.plusMinutes(1), "submit.sh", args.toArray(String[]::new));
    }

    /** The job id of a successful {@link #submit} (asserts the script succeeded). */
    static String jobId(Run submit) {
        assertThat(submit.exitCode()).as(submit.output()).isZero();
        Matcher id = Pattern.compile("(?m)^([0-9a-f]{32})$").matcher(submit.output());
        assertThat(id.find()).as("a job id in: " + submit.output()).isTrue();
        return id.group(1);
    }

    /**
     * {@code PATCH /jobs/<id>?mode=cancel}, then waits (at most {@code timeout}) until the job is no longer
     * running; returns its last state.
     */
    String cancel(String jobId, Duration timeout) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PATCH /jobs/" + jobId + "?mode=cancel: " + r.body()).isEqualTo(202);
        long deadline = System.nanoTime() + timeout.toNanos();
        String state;
        do {
            state = json("/jobs/" + jobId).path("state").asText();
            if (state.equals("CANCELED") || state.equals("FAILED") || state.equals("FINISHED")) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return state;
    }

    /** {@code session-cluster.sh add-taskmanager}: one more TaskManager, registered when this returns; its name. */
    String addTaskManager(Duration timeout) throws Exception {
        Run add = script(work, timeout, "session-cluster.sh", "add-taskmanager", "--dir", dir.toString());
        System.out.println(add.output());
        assertThat(add.exitCode()).as(add.output()).isZero();
        recordPids();
        Matcher name = Pattern.compile("TaskManager (taskmanager(?:-\\d+)?) \\(pid \\d+\\) registered").matcher(add.output());
        assertThat(name.find()).as("the new TaskManager's name in: " + add.output()).isTrue();
        return name.group(1);
    }

    /** {@code session-cluster.sh kill-taskmanager <name>}: SIGKILL, returns when the JVM is gone. */
    void killTaskManager(String name) throws Exception {
        Run kill = script(work, Duration.ofMinutes(1), "session-cluster.sh", "kill-taskmanager", name, "--dir", dir.toString());
        System.out.println(kill.output());
        assertThat(kill.exitCode()).as(kill.output()).isZero();
    }

    /** The pid in {@code <dir>/<name>.pid} ({@code jobmanager}, {@code taskmanager}, {@code taskmanager-2}, …), if any. */
    Optional<Long> pid(String name) {
        try {
            return Optional.of(Long.parseLong(Files.readString(dir.resolve(name + ".pid")).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The JVMs of this cluster that are still running (zombies of killed JVMs do not count). */
    List<Long> runningJvms() {
        recordPids();
        return pids.stream().filter(SessionCluster::running).toList();
    }

    /** Prints the end of every JobManager / TaskManager log and stdout file (for a failed test). */
    void printLogs() {
        printLogs(dir);
    }

    /** {@code session-cluster.sh stop}; then SIGKILL for any of its JVMs still running. */
    @Override
    public void close() throws Exception {
        try {
            recordPids();
            Run stop = script(work, Duration.ofMinutes(2), "session-cluster.sh", "stop", "--dir", dir.toString());
            System.out.println(stop.output());
        } finally {
            killAll();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private void recordPids() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
                try {
                    pids.add(Long.parseLong(Files.readString(f).trim()));
                } catch (IOException | NumberFormatException e) {
                    // removed or half-written meanwhile
                }
            });
        } catch (IOException e) {
            // no cluster directory
        }
    }

    private void killAll() {
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(h -> running(pid)).ifPresent(h -> {
                System.err.println("session-cluster: killing leftover JVM " + pid);
                h.destroyForcibly();
            });
        }
    }

    /** Alive and not a zombie (pid 1 of some containers never reaps the orphaned JVMs). */
    static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return !Files.isDirectory(Path.of("/proc")); // gone meanwhile, or no /proc (then trust isAlive)
            }
        }
        return false;
    }

    /** Runs {@code flink-deploy/<name>} with the JDK of this test (JAVA_HOME) and returns its output. */
    static Run script(Path work, Duration timeout, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("flink-deploy").resolve(name).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, name, ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // the script's own limit for a JobManager / TaskManager to come up: a little under ours
        pb.environment().put("LUDEN_CLUSTER_START_TIMEOUT", String.valueOf(Math.max(30, timeout.toSeconds() - 15)));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, Files.readString(out, StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static void printLogs(Path dir) {
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            logs = files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).sorted().toList();
        } catch (IOException e) {
            System.err.println("---- no logs in " + dir + ": " + e);
            return;
        }
        for (Path f : logs) {
            try {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                System.err.println("---- the end of " + f + " ----");
                lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.err::println);
            } catch (IOException e) {
                System.err.println("---- " + f + ": " + e);
            }
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
