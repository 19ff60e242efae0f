package io.luden.stream.job;

import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./luden run --bounded} as a user runs it: the real script, a copy of the default
 * configuration in a fresh working directory, the quick-start sample in its spool.
 */
class LauncherITCase {
    private static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    private record Result(int exitCode, String output) {}

    private Result luden(String... args) throws Exception {
        return luden(java.util.Map.of(), args);
    }

    private Result luden(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("luden").toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("launcher-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("luden did not finish: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private long rows(String table) throws Exception {
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:" + work.resolve("data/warehouse.duckdb"), new Properties());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> finishedLines(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void boundedRunLoadsTheQuickStartSampleIntoDuckDbAndTheNextRunResumes() throws Exception {
        Files.createDirectories(work.resolve("conf"));
        Files.copy(REPO.resolve("conf/luden.yaml"), work.resolve("conf/luden.yaml"));
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        Files.copy(REPO.resolve("samples/quickstart-events.log"), spool.resolve("quickstart-events.log"));

        Result first = luden("run", "--bounded");

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("watching " + spool.toRealPath())
                .contains("destination warehouse → duckdb " + work.toRealPath().resolve("data/warehouse.duckdb"))
                .contains("Flink web UI http://localhost:")
                .containsPattern("warehouse\\s+12\\s+12\\s+0\\s+0\\s+0")
                .contains("12 event(s) read, 1 malformed");
        assertThat(rows("pageview")).isEqualTo(10);
        assertThat(rows("identify")).isEqualTo(2);
        assertThat(finishedLines(work.resolve("events/failed/malformed"))).singleElement()
                .satisfies(l -> assertThat(l).contains("\"malformed_event\"").contains("broken json"));
        assertThat(finishedLines(work.resolve("events/archive/dst=warehouse"))).hasSize(12);
        // read and covered by the savepoint: moved out of the spool (spool.after_read: move)
        assertThat(spool).isEmptyDirectory();
        assertThat(work.resolve("events/done/quickstart-events.log")).hasSameTextualContentAs(REPO.resolve("samples/quickstart-events.log"));

        // resumes from the savepoint: nothing read twice; a new file is read
        Files.writeString(spool.resolve("more.log"),
                "{\"event_type\":\"pageview\",\"eventn_ctx_event_id\":\"more-1\",\"url\":\"https://example.com/x\"}\n");
        Result second = luden("run", "--bounded");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("resuming from ").containsPattern("warehouse\\s+1\\s+1\\s+0\\s+0\\s+0");
        assertThat(rows("pageview")).isEqualTo(11);

        assertThat(work.resolve("events/done/more.log")).exists();

        // the read files moved back into the spool and --fresh: everything is read again, and
        // idempotent writes leave the row counts alone
        try (Stream<Path> done = Files.list(work.resolve("events/done"))) {
            for (Path file : done.toList()) {
                Files.move(file, spool.resolve(file.getFileName()));
            }
        }
        Result fresh = luden("run", "--bounded", "--fresh");
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        assertThat(fresh.output()).contains("fresh start (--fresh)").containsPattern("warehouse\\s+13\\s+13\\s+0\\s+0\\s+0");
        assertThat(rows("pageview")).isEqualTo(11);
        assertThat(rows("identify")).isEqualTo(2);

        // another configuration with the same state.dir: told that it resumes this state
        Files.copy(work.resolve("conf/luden.yaml"), work.resolve("conf/other.yaml"));
        Result other = luden("run", "--bounded", "--config", "conf/other.yaml");
        assertThat(other.exitCode()).as(other.output()).isZero();
        assertThat(other.output()).contains("luden: warning: " + work.toRealPath().resolve("state") + " was last used with "
                + work.toRealPath().resolve("conf/luden.yaml") + "; this run (" + work.toRealPath().resolve("conf/other.yaml")
                + ") resumes that state");

        // four runs, yet only the newest savepoints are kept and no superseded checkpoints
        try (Stream<Path> savepoints = Files.list(work.resolve("state/savepoints"))) {
            assertThat(savepoints.count()).isEqualTo(2);
        }
        try (Stream<Path> metadata = Files.find(work.resolve("state"), 5,
                (p, a) -> p.getFileName().toString().equals("_metadata"))) {
            assertThat(metadata.filter(p -> p.toString().contains("/checkpoints/")).toList()).isEmpty();
        }
    }

    @Test
    void thePostgresExampleLoadsTheSampleAfterTheQuickStartAsTheReadmeSays() throws Exception {
        // the README's set-up, as PostgreSQL's superuser
        PostgresFixture pg = PostgresFixture.get();
        try (Statement st = pg.connection().createStatement()) {
            st.execute("DROP DATABASE IF EXISTS analytics WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS luden");
            st.execute("CREATE ROLE luden LOGIN PASSWORD 'secret'");
            st.execute("CREATE DATABASE analytics OWNER luden");
        }
        // the quick start
        Files.createDirectories(work.resolve("conf/examples"));
        Files.copy(REPO.resolve("conf/luden.yaml"), work.resolve("conf/luden.yaml"));
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        Files.copy(REPO.resolve("samples/quickstart-events.log"), spool.resolve("quickstart-events.log"));
        Result quickStart = luden("run", "--bounded");
        assertThat(quickStart.exitCode()).as(quickStart.output()).isZero();

        // the example as shipped, but for the port of this test's PostgreSQL
        String example = Files.readString(REPO.resolve("conf/examples/postgres.yaml"));
        assertThat(example).contains("port: 5432");
        Files.writeString(work.resolve("conf/examples/postgres.yaml"), example.replace("port: 5432", "port: " + pg.port()));
        Files.copy(REPO.resolve("samples/quickstart-events.log"), spool.resolve("quickstart-events.log"));
        Result r = luden(java.util.Map.of("PG_PASSWORD", "secret"), "run", "--bounded", "--config", "conf/examples/postgres.yaml");

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("fresh start (no earlier state)").containsPattern("pg_main\\s+12\\s+12\\s+0\\s+0\\s+0");
        try (Connection c = JdbcDrivers.connect("jdbc:postgresql://localhost:" + pg.port() + "/analytics",
                credentials("luden", "secret"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM public.pageview), (SELECT count(*) FROM public.identify)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(10);
            assertThat(rs.getLong(2)).isEqualTo(2);
        }
    }

    @Test
    void aBoundedRunDuringAnOutageKeepsTheEventsAndTheNextRunLoadsThemFromItsState() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        pg.execute("DROP SCHEMA IF EXISTS launcher_outage CASCADE");
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        Files.copy(REPO.resolve("samples/quickstart-events.log"), spool.resolve("quickstart-events.log"));
        int nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        String config = "spool: {dir: events/incoming}\nlog: {path: events}\nstate: {dir: state}\n"
                + "retry: {initial_backoff: 200ms, max_backoff: 1s}\n"
                + "api_keys: [{id: web, client_secret: js.demo.key}]\n"
                + "destinations:\n  pg:\n    type: postgres\n"
                + "    datasource: {host: localhost, port: PORT, db: postgres, schema: launcher_outage,"
                + " username: postgres, password: postgres}\n"
                + "    data_layout: {table_name_template: \"{{.event_type}}\"}\n";
        Files.writeString(work.resolve("luden.yaml"), config.replace("PORT", String.valueOf(nobody)));

        Result down = luden("run", "--bounded", "--config", "luden.yaml");
        assertThat(down.exitCode()).as(down.output()).isEqualTo(3);
        assertThat(down.output()).containsPattern("pg\\s+12\\s+0\\s+0\\s+0\\s+12")
                .contains("12 event(s) wait for an unreachable warehouse");

        // the warehouse is back (here: the same destination, now on a port where PostgreSQL listens);
        // the spool is empty, the 12 events come from the savepoint's queue
        Files.writeString(work.resolve("luden.yaml"), config.replace("PORT", String.valueOf(pg.port())));
        Result up = luden("run", "--bounded", "--config", "luden.yaml");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).containsPattern("pg\\s+0\\s+12\\s+0\\s+0\\s+0");
        assertThat(pg.query("SELECT count(*) AS n FROM launcher_outage.pageview").get(0).get("n")).isEqualTo(10L);
        assertThat(pg.query("SELECT count(*) AS n FROM launcher_outage.identify").get(0).get("n")).isEqualTo(2L);
    }

    private static Properties credentials(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    @Test
    void badConfigurationExitsWithCodeTwoNamingTheKey() throws Exception {
        Path config = work.resolve("bad.yaml");
        Files.writeString(config, "spool: {dri: x}\ndestinations:\n  w: {type: duckdb}\n");

        Result r = luden("run", "--config", config.toString(), "--bounded");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("spool.dri").doesNotContain("Flink web UI");
        assertThat(work.resolve("state")).doesNotExist();
    }

    @Test
    void transformExampleRunsWithGraalJsOnTheLaunchersClassPath() throws Exception {
        Path spool = Files.createDirectories(work.resolve("events/incoming"));
        Files.writeString(spool.resolve("orders.log"), String.join("\n",
                "{\"eventn_ctx_event_id\":\"o1\",\"event_type\":\"order\",\"order_id\":7,\"revenue\":19.9,"
                        + "\"user\":{\"email\":\"a@b.c\"},\"products\":[{\"sku\":\"a\",\"quantity\":1,\"price\":9.95},"
                        + "{\"sku\":\"b\",\"quantity\":2,\"price\":4.95}]}",
                "{\"eventn_ctx_event_id\":\"h1\",\"event_type\":\"heartbeat\"}", ""));

        Result r = luden("run", "--bounded", "--config", REPO.resolve("conf/examples/transform.yaml").toString());

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("warehouse\\s+2\\s+1\\s+1\\s+0\\s+0");
        assertThat(rows("orders")).isEqualTo(1);
        assertThat(rows("order_items")).isEqualTo(2);
    }
}
