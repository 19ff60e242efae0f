package io.luden.stream.job;

import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final Path REPO = SessionCluster.REPO;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private static Path work;
    private static SessionCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("luden-cluster-it");
        cluster = SessionCluster.start(work, START_TIMEOUT);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            SessionCluster.deleteQuietly(work);
        }
    }

    @Test
    void theJarRunsTwiceOnTheSameSessionClusterWithTwoDuckDbDestinations() throws Exception {
        try {
            String taskManagersBefore = cluster.get("/taskmanagers");

            Path first = prepare("first");
            Path second = prepare("second");
            String firstJob = submitBoundedAndWait(first);
            String secondJob = submitBoundedAndWait(second);

            assertThat(secondJob).isNotEqualTo(firstJob);
            // the same TaskManager ran both (the cluster was not restarted in between)
            assertThat(taskManagerIds(cluster.get("/taskmanagers"))).isEqualTo(taskManagerIds(taskManagersBefore)).hasSize(1);
            for (Path dir : List.of(first, second)) {
                Path duckdb = dir.resolve("warehouse.duckdb");
                assertThat(rows(duckdb, "pageview")).as("pageview rows in " + duckdb).isEqualTo(10);
                assertThat(rows(duckdb, "identify")).as("identify rows in " + duckdb).isEqualTo(2);
                assertThat(finishedLines(dir.resolve("events/archive/dst=warehouse"))).as("archive of " + dir).hasSize(12);
                assertThat(finishedLines(dir.resolve("events/failed/malformed"))).as("malformed of " + dir).hasSize(1);
            }
        } catch (Throwable t) {
            cluster.printLogs();
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
        SessionCluster.Run submit = cluster.submit(JOB_TIMEOUT, true,
                "--config", dir.resolve("luden.yaml").toString(), "--bounded");
        System.out.printf("submit.sh for %s: %d ms%n%s%n", dir.getFileName(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), submit.output());
        String job = SessionCluster.jobId(submit);
        assertThat(cluster.get("/jobs/" + job)).contains("\"state\":\"FINISHED\"");
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
}
