package io.luden.stream.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./luden bench} end to end as a user runs it, with tiny numbers: 300 events into each
 * warehouse (job, COPY, single-row INSERTs), then a 5-second latency run at 100 events/s; the printed
 * table has numbers in every cell and the job's tables hold exactly the events (queried here: the
 * DuckDB file, and the benchmark's PostgreSQL data directory started again).
 */
class BenchITCase {
    private static final Path REPO = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
    private static final String NUMBER = "[0-9][0-9,]*(?:\\.[0-9]+)?";

    @TempDir
    Path work;

    @Test
    void benchLoadsEveryEventIntoBothWarehousesAndPrintsNumbersForEveryRow() throws Exception {
        Path out = work.resolve("out");
        Path log = work.resolve("bench-output.txt");
        // --row-limit 1: the job writes each event on its own, compared with single-row INSERTs
        ProcessBuilder builder = new ProcessBuilder(REPO.resolve("luden").toString(), "bench", "--events", "300",
                "--warehouses", "postgres,duckdb", "--row-limit", "1", "--rate", "100", "--seconds", "5", "--out", out.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = builder.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("luden bench did not finish: " + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();

        assertThat(output).containsPattern("luden bench: 300 \\(postgres\\) / 300 \\(duckdb\\) events, 5 tables, 21 columns, machine: \\d+ cores");
        for (String warehouse : List.of("postgres", "duckdb")) {
            // warehouse, events, run − start-up = net, job ev/s, window ev/s (s), bulk rows/s (path), ratio, INSERT
            // rows/s, ratio. With 300 events the start-up subtraction is within its noise on a busy machine:
            // job events/s and its ratios may say so ("(?)", "n/a"); every other column is a number
            String jobRate = "(?:" + NUMBER + "|n/a \\(\\?\\))";
            String ratio = "(?:" + NUMBER + "|n/a|–)";
            Matcher row = Pattern.compile("(?m)^" + warehouse + "\\s+300\\s+(" + NUMBER + ") − (" + NUMBER + ") = (-?" + NUMBER
                    + ")\\s+(" + jobRate + ")( \\(\\?\\))?\\s+(" + NUMBER + ") \\((" + NUMBER + ") s\\)\\s+(" + NUMBER
                    + ") \\(COPY FROM [a-zA-Z]+\\)\\s+(" + ratio + ")\\s+(" + NUMBER + ")\\s+(" + ratio + ")\\s*$").matcher(output);
            assertThat(row.find()).as(warehouse + " row with a number in every column:\n" + output).isTrue();
            assertThat(Double.parseDouble(row.group(1).replace(",", ""))).as("job run seconds").isPositive();
            assertThat(Double.parseDouble(row.group(6).replace(",", ""))).as("job events/s in the write window").isPositive();
            assertThat(Double.parseDouble(row.group(8).replace(",", ""))).as("bulk rows/s").isPositive();
            assertThat(Double.parseDouble(row.group(10).replace(",", ""))).as("INSERT rows/s").isPositive();
        }
        assertThat(output).containsPattern("100 events/s for 5 s \\(500 events.*p50 " + NUMBER + " ms, p90 " + NUMBER + " ms, p99 " + NUMBER + " ms, max " + NUMBER + " ms");
        assertThat(out.resolve("bench.md")).content().contains("| postgres | 300 |").contains("| duckdb | 300 |").contains("p99");

        // the job loaded exactly the events: DuckDB
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out.resolve("duckdb/job/warehouse.duckdb"))) {
            assertThat(count(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'", ""))
                    .isEqualTo(300);
        }
        // … and PostgreSQL (its data directory kept under --out)
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(out.resolve("postgres/data").toFile())
                .setCleanDataDirectory(false).start()) {
            try (Connection c = pg.getDatabase("postgres", "run_job").getConnection()) {
                assertThat(count(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", ""))
                        .isEqualTo(300);
            }
            try (Connection c = pg.getDatabase("postgres", "run_latency").getConnection()) {
                assertThat(count(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                        " WHERE eventn_ctx_event_id LIKE 'lat-%'")).isEqualTo(500);
            }
        }
    }

    /** Rows over every table the query lists. */
    private static long count(Connection c, String tablesQuery, String where) throws Exception {
        List<String> tables = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(tablesQuery)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).containsExactlyInAnyOrderElementsOf(EventGenerator.EVENT_TYPES);
        long total = 0;
        for (String t : tables) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"" + where)) {
                rs.next();
                total += rs.getLong(1);
            }
        }
        return total;
    }
}
