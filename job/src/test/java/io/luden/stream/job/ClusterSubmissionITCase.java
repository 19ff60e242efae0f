package io.luden.stream.job;

import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job JAR on a real Flink session cluster: a JobManager and a TaskManager in their own JVMs,
 * started by {@code flink-deploy/session-cluster.sh} from the Maven-built Flink class path, and
 * {@code job/target/luden-stream.jar} submitted over the REST API by {@code flink-deploy/submit.sh}
 * <em>twice</em> to the same cluster (two DuckDB destinations). The second job runs in a fresh
 * user-code class loader on the same TaskManager: its JDBC driver is found through ServiceLoader,
 * never DriverManager (which only sees the drivers of the first job's loader).
 */
class ClusterSubmissionITCase {
    private static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
    private static final Path JAR = REPO.resolve("job/target/luden-stream.jar");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private static Path work;
    private static Path clusterDir;
    private static String restUrl;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Run(int exitCode, String output) {}

    @BeforeAll
    static void startCluster() throws Exception {
        assertThat(JAR).as("the job JAR (built in the package phase)").exists();
        work = Files.createTempDirectory("luden-cluster-it");
        clusterDir = work.resolve("cluster");
        Run start = script(START_TIMEOUT, "session-cluster.sh", "start", "--dir", clusterDir.toString());
        if (start.exitCode() != 0) {
            printClusterLogs();
            throw new AssertionError("the session cluster did not start:\n" + start.output());
        }
        System.out.println(start.output());
        String port = Files.readString(clusterDir.resolve("rest.port")).trim();
        restUrl = "http://localhost:" + port;
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (clusterDir == null) {
            return;
        }
        try {
            Run stop = script(Duration.ofMinutes(2), "session-cluster.sh", "stop", "--dir", clusterDir.toString());
            System.out.println(stop.output());
        } finally {
            deleteQuietly(work);
        }
    }

    @Test
    void theJarRunsTwiceOnTheSameSessionClusterWithTwoDuckDbDestinations() throws Exception {
        try {
            String taskManagersBefore = get("/taskmanagers");

            Path first = prepare("first");
            Path second = prepare("second");
            String firstJob = submitBoundedAndWait(first);
            String secondJob = submitBoundedAndWait(second);

            assertThat(secondJob).isNotEqualTo(firstJob);
            // the same TaskManager ran both (the cluster was not restarted in between)
            assertThat(taskManagerIds(get("/taskmanagers"))).isEqualTo(taskManagerIds(taskManagersBefore)).hasSize(1);
            for (Path dir : List.of(first, second)) {
                Path duckdb = dir.resolve("warehouse.duckdb");
                assertThat(rows(duckdb, "pageview")).as("pageview rows in " + duckdb).isEqualTo(10);
                assertThat(rows(duckdb, "identify")).as("identify rows in " + duckdb).isEqualTo(2);
                assertThat(finishedLines(dir.resolve("events/archive/dst=warehouse"))).as("archive of " + dir).hasSize(12);
                assertThat(finishedLines(dir.resolve("events/failed/malformed"))).as("malformed of " + dir).hasSize(1);
            }
        } catch (Throwable t) {
            printClusterLogs();
            throw t;
        }
    }

    /** A spool with the quick-start sample and a configuration with absolute paths under {@code work/<name>}. */
    private static Path prepare(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.copy(REPO.resolve("samples/quickstart-events.log"), spool.resolve("quickstart-events.log"));
        String yaml = String.join("\n",
                "spool:",
                "  dir: " + spool,
                "log:",
                "  path: " + dir.resolve("events"),
                "state:",
                "  dir: " + dir.resolve("state"),
                "  checkpoint_interval: 1s",
                "destinations:",
                "  warehouse:",
                "    type: duckdb",
                "    datasource:",
                "      path: " + dir.resolve("warehouse.duckdb"),
                "      schema: main",
                "    data_layout:",
                "      table_name_template: \"{{.event_type}}\"",
                "");
        Files.writeString(dir.resolve("luden.yaml"), yaml);
        return dir;
    }

    private static String submitBoundedAndWait(Path dir) throws Exception {
        long start = System.nanoTime();
        Run submit = script(JOB_TIMEOUT.plusMinutes(1), "submit.sh", "--dir", clusterDir.toString(),
                "--wait", String.valueOf(JOB_TIMEOUT.toSeconds()),
                "--", "--config", dir.resolve("luden.yaml").toString(), "--bounded");
        System.out.printf("submit.sh for %s: %d ms%n%s%n", dir.getFileName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), submit.output());
        assertThat(submit.exitCode()).as(submit.output()).isZero();
        Matcher id = Pattern.compile("(?m)^([0-9a-f]{32})$").matcher(submit.output());
        assertThat(id.find()).as("a job id in: " + submit.output()).isTrue();
        String job = id.group(1);
        assertThat(get("/jobs/" + job)).contains("\"state\":\"FINISHED\"");
        return job;
    }

    private static List<String> taskManagerIds(String json) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static long rows(Path duckdb, String table) throws Exception {
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:" + duckdb, props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lines of the finished (committed) files of a failed/archive folder. */
    private static List<String> finishedLines(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** Runs {@code flink-deploy/<name>} with the JDK of this test (JAVA_HOME) and returns its output. */
    private static Run script(Duration timeout, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("flink-deploy").resolve(name).toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, name, ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Run(-1, Files.readString(out, StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static void printClusterLogs() {
        for (String log : List.of("jobmanager.log", "jobmanager.out", "taskmanager.log", "taskmanager.out")) {
            Path f = clusterDir.resolve("log").resolve(log);
            try {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                System.err.println("---- the end of " + f + " ----");
                lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.err::println);
            } catch (IOException e) {
                System.err.println("---- " + f + ": " + e);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
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
