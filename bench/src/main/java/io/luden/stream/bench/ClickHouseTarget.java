package io.luden.stream.bench;

import io.luden.stream.sinks.testing.clickhouse.ChdbEngine;
import io.luden.stream.sinks.testing.clickhouse.ChdbLibrary;
import io.luden.stream.sinks.testing.clickhouse.ClickHouseHttpAdapter;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * ClickHouse: the real engine (chDB, in this JVM) behind the HTTP adapter the tests use, so the job's
 * subprocesses write to it over ClickHouse's HTTP interface as to a server. Each run writes to a
 * database of its own ({@code bench_<run>}); the bulk and single-row copies go to {@code bulk_<run>} /
 * {@code single_<run>}, created with the job's own {@code CREATE TABLE} text (same engine and key). The
 * bulk path is one {@code INSERT … FORMAT JSONEachRow} per table over HTTP (the payload built beforehand).
 */
final class ClickHouseTarget implements Target {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final ChdbEngine engine;
    private final ClickHouseHttpAdapter adapter;
    private final HttpClient http = HttpClient.newHttpClient();

    ClickHouseTarget(Path dir) throws Exception {
        engine = new ChdbEngine(ChdbLibrary.locate(), Files.createDirectories(dir.resolve("data")));
        adapter = new ClickHouseHttpAdapter(engine);
    }

    private static String db(String prefix, String run) {
        return prefix + "_" + run.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String literal(String s) {
        return '\'' + s.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }

    private List<String> lines(String sql) {
        String out = engine.queryText(sql, "TabSeparatedRaw");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    @Override
    public String name() {
        return "clickhouse";
    }

    @Override
    public String bulkPath() {
        return "INSERT FORMAT JSONEachRow";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) {
        engine.queryText("DROP DATABASE IF EXISTS " + q(db("bench", run)), "TSV");
        return "    type: clickhouse\n"
                + "    config: {dsns: [\"http://default:@127.0.0.1:" + adapter.port() + "\"], db: " + db("bench", run) + "}\n";
    }

    @Override
    public Map<String, Map<String, String>> jobTables(String run) {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String line : lines("SELECT table, name, type FROM system.columns WHERE database = "
                + literal(db("bench", run)) + " ORDER BY table, position")) {
            String[] f = line.split("\t", 3);
            tables.computeIfAbsent(f[0], t -> new LinkedHashMap<>()).put(f[1], valueType(f[2]));
        }
        return tables;
    }

    /** {@code Nullable(Int64)} → {@code Int64}. */
    private static String valueType(String type) {
        return type.startsWith("Nullable(") ? type.substring(9, type.length() - 1) : type;
    }

    @Override
    public long rows(String run, String table) {
        return Long.parseLong(lines("SELECT count() FROM " + q(db("bench", run)) + "." + q(table)).get(0));
    }

    /** A fresh database with the job's tables, empty, made by the job's own CREATE TABLE statements. */
    private String copyOf(String run, String prefix, Map<String, TableRows> rows) {
        String job = db("bench", run);
        String copy = db(prefix, run);
        engine.queryText("DROP DATABASE IF EXISTS " + q(copy), "TSV");
        engine.queryText("CREATE DATABASE " + q(copy), "TSV");
        for (String table : rows.keySet()) {
            String ddl = engine.queryText("SELECT create_table_query FROM system.tables WHERE database = "
                    + literal(job) + " AND name = " + literal(table), "TabSeparatedRaw").strip();
            String from = "CREATE TABLE " + job + ".";
            if (!ddl.startsWith(from)) {
                throw new IllegalStateException("unexpected CREATE TABLE text of " + table + ": " + ddl);
            }
            engine.queryText("CREATE TABLE " + q(copy) + "." + ddl.substring(from.length()), "TSV");
        }
        return copy;
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        String copy = copyOf(run, "bulk", rows);
        Map<String, String> payloads = new LinkedHashMap<>();
        for (TableRows t : rows.values()) {
            payloads.put(t.table, jsonEachRow(t));
        }
        long start = System.nanoTime();
        for (TableRows t : rows.values()) {
            String sql = "INSERT INTO " + q(copy) + "." + q(t.table) + " (" + quotedColumns(t) + ") FORMAT JSONEachRow";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adapter.port()
                            + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(payloads.get(t.table))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("bulk INSERT into " + t.table + " failed: " + r.body());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        requireSameRows(run, copy, rows);
        return seconds;
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        String copy = copyOf(run, "single", rows);
        Properties p = new Properties();
        p.setProperty("user", "default");
        p.setProperty("password", "");
        p.setProperty("compress", "false");
        p.setProperty("use_server_time_zone", "false");
        p.setProperty("use_time_zone", "UTC");
        try (Connection c = DriverManager.getConnection("jdbc:clickhouse:http://127.0.0.1:" + adapter.port(), p)) {
            double seconds = TableRows.insertOneByOne(c, q(copy), rows, order);
            requireSameRows(run, copy, rows);
            return seconds;
        }
    }

    private static String quotedColumns(TableRows t) {
        StringBuilder sb = new StringBuilder();
        for (String c : t.columns) {
            sb.append(sb.length() == 0 ? "" : ", ").append(q(c));
        }
        return sb.toString();
    }

    private static String jsonEachRow(TableRows t) {
        StringBuilder sb = new StringBuilder(t.rows.size() * 256);
        for (Object[] row : t.rows) {
            sb.append('{');
            boolean first = true;
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    continue;
                }
                sb.append(first ? "" : ",");
                first = false;
                string(sb, t.columns.get(i));
                sb.append(':');
                Object v = row[i];
                if (v instanceof String s) {
                    string(sb, s);
                } else if (v instanceof LocalDateTime ts) {
                    sb.append('"').append(MICROS.format(ts)).append('"');
                } else {
                    sb.append(v);
                }
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** Both ways EXCEPT (and equal counts) against the job's table. */
    private void requireSameRows(String run, String copy, Map<String, TableRows> rows) {
        for (String table : rows.keySet()) {
            String job = q(db("bench", run)) + "." + q(table);
            String mine = q(copy) + "." + q(table);
            String r = engine.queryText("SELECT (SELECT count() FROM (SELECT * FROM " + job + " EXCEPT SELECT * FROM " + mine
                    + ")), (SELECT count() FROM (SELECT * FROM " + mine + " EXCEPT SELECT * FROM " + job + ")),"
                    + " (SELECT count() FROM " + job + "), (SELECT count() FROM " + mine + ")", "TabSeparatedRaw").strip();
            String[] n = r.split("\t");
            if (!n[0].equals("0") || !n[1].equals("0") || !n[2].equals(n[3])) {
                throw new IllegalStateException(mine + " differs from the job's " + job + ": " + r);
            }
        }
    }

    /** Rows in the run's active parts: every INSERT of the job adds a part. */
    @Override
    public WriteWatcher.Signature writeSignature(String run) {
        String sql = "SELECT sum(rows) FROM system.parts WHERE active AND database = " + literal(db("bench", run));
        return () -> {
            List<String> l = lines(sql);
            return l.isEmpty() ? null : Long.valueOf(l.get(0));
        };
    }

    @Override
    public String describe() {
        return "ClickHouse " + lines("SELECT version()").get(0) + " (chDB " + ChdbLibrary.VERSION
                + " in the benchmark's JVM, behind the HTTP adapter)";
    }

    @Override
    public void close() {
        adapter.close();
        engine.close();
    }
}
