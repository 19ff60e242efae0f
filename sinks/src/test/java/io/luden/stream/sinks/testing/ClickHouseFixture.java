package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.clickhouse.ChdbEngine;
import io.luden.stream.sinks.testing.clickhouse.ChdbLibrary;
import io.luden.stream.sinks.testing.clickhouse.ClickHouseHttpAdapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real ClickHouse engine (chDB {@value ChdbLibrary#VERSION}, fetched by {@link ChdbLibrary}) in this
 * JVM behind the test-only {@link ClickHouseHttpAdapter}, one per JVM: Warehouses and the fixture's own
 * connection talk to it with the ClickHouse JDBC driver over HTTP, as to a server. Tests isolate
 * themselves by database (the destination's "schema").
 */
public final class ClickHouseFixture extends DatabaseFixture {
    private static ClickHouseFixture instance;

    private final ChdbEngine engine;
    private final ClickHouseHttpAdapter adapter;
    private final Connection connection;

    private ClickHouseFixture() throws IOException, SQLException {
        // the engine reads a config.xml in its working directory if there is one: its own directory has none
        Path data = Files.createTempDirectory("luden-clickhouse");
        engine = new ChdbEngine(ChdbLibrary.locate(), data);
        adapter = new ClickHouseHttpAdapter(engine);
        Properties p = new Properties();
        p.setProperty("user", "default");
        p.setProperty("password", "");
        p.setProperty("compress", "false");
        p.setProperty("jdbc_ignore_unsupported_values", "true");
        // tests create tables the SQL way (no ENGINE / ORDER BY): a MergeTree without a key, as ClickHouse allows
        p.setProperty("clickhouse_setting_default_table_engine", "MergeTree");
        p.setProperty("clickhouse_setting_create_table_empty_primary_key_by_default", "1");
        // numeric(5,2) reads back as 12.50, as the other databases show it
        p.setProperty("clickhouse_setting_output_format_decimal_trailing_zeros", "1");
        connection = JdbcDrivers.connect(url(), p);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "clickhouse-fixture-stop"));
    }

    /** The JVM's ClickHouse, started now if it is not running yet. */
    public static synchronized ClickHouseFixture get() {
        if (instance == null) {
            try {
                instance = new ClickHouseFixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("the ClickHouse engine did not start", e);
            }
        }
        return instance;
    }

    private String url() {
        return "jdbc:clickhouse:http://127.0.0.1:" + adapter.port();
    }

    public int port() {
        return adapter.port();
    }

    public ClickHouseHttpAdapter adapter() {
        return adapter;
    }

    public ChdbEngine engine() {
        return engine;
    }

    @Override
    public String type() {
        return "clickhouse";
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        return ConnectionSettings.builder("clickhouse").host("127.0.0.1").port(adapter.port()).db(schema)
                .schema(schema).username("default").password("").parameters(parameters).build();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * Column name → ClickHouse type as system.columns has it, inside Nullable() (nullability is not the
     * type, as information_schema elsewhere says it apart), in column order.
     */
    @Override
    public Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?"
                + " ORDER BY position", schema, table)) {
            String t = (String) r.get("type");
            types.put((String) r.get("name"), t.startsWith("Nullable(") ? t.substring(9, t.length() - 1) : t);
        }
        return types;
    }

    private static final java.util.regex.Pattern UNIQUE_COLUMN =
            java.util.regex.Pattern.compile("(\"(?:[^\"\\\\]|\\\\.)*\"|\\w+) (\\w+(?:\\(\\d+(?:,\\s*\\d+)?\\))?) UNIQUE");
    private static final java.util.regex.Pattern PRIMARY_KEY = java.util.regex.Pattern.compile(", PRIMARY KEY \\(([^)]*)\\)\\)$");

    /**
     * The matrix's generic DDL in ClickHouse's terms: {@code CREATE SCHEMA} is {@code CREATE DATABASE}; a
     * user's table with a {@code PRIMARY KEY} or a {@code UNIQUE} column is a ReplacingMergeTree ordered by
     * it (the one engine that keeps a row per key); other tables are MergeTrees without a key.
     */
    @Override
    public synchronized void execute(String sql) throws SQLException {
        String s = sql.replaceFirst("^CREATE SCHEMA ", "CREATE DATABASE ");
        if (s.startsWith("CREATE TABLE ") && !s.contains(" ENGINE")) {
            java.util.regex.Matcher unique = UNIQUE_COLUMN.matcher(s);
            java.util.regex.Matcher pk = PRIMARY_KEY.matcher(s);
            if (unique.find()) {
                s = unique.replaceFirst("$1 $2") + " ENGINE = ReplacingMergeTree ORDER BY (" + unique.group(1) + ")";
            } else if (pk.find()) {
                s = pk.replaceFirst(")") + " ENGINE = ReplacingMergeTree ORDER BY (" + pk.group(1) + ")";
            }
        }
        super.execute(s);
    }

    /**
     * One value as text, as the matrix's {@code text()} reads it elsewhere: NULL stays null, a Decimal with
     * its column's scale ({@code 12.50}), a DateTime64 without trailing zeros ({@code …00.5}).
     */
    @Override
    public String text(String schema, String table, String column, String where) {
        String type = columnTypes(schema, table).get(column);
        String q = quoteIdentifier(column);
        String expression = "toString(" + q + ")";
        java.util.regex.Matcher decimal = java.util.regex.Pattern.compile("^Decimal\\(\\d+, (\\d+)\\)$")
                .matcher(type == null ? "" : type);
        if (decimal.matches()) {
            expression = "toDecimalString(" + q + ", " + decimal.group(1) + ")";
        }
        List<Map<String, Object>> r = query("SELECT " + expression + " AS v FROM " + quoteIdentifier(schema) + "."
                + quoteIdentifier(table) + " WHERE " + where);
        if (r.size() != 1) {
            throw new IllegalStateException("expected one row of " + table + " where " + where + ", got " + r.size());
        }
        return shortTimestamp((String) r.get(0).get("v"));
    }

    /**
     * All rows of a table, ordered: an upsert table (a ReplacingMergeTree keyed by other columns than the
     * event id) read {@code FINAL}, so one row per key, the newest; any other table as it is, so a
     * duplicate of an event id would show.
     */
    @Override
    public List<Map<String, Object>> rows(String schema, String table, String orderBy) {
        List<Map<String, Object>> t = query("SELECT engine, sorting_key FROM system.tables WHERE database = ? AND name = ?",
                schema, table);
        String key = t.isEmpty() ? "" : String.valueOf(t.get(0).get("sorting_key")).replaceAll("[()\\s]", "");
        boolean upsert = !t.isEmpty() && String.valueOf(t.get(0).get("engine")).endsWith("ReplacingMergeTree")
                && !key.isEmpty() && !key.equals("eventn_ctx_event_id");
        return query("SELECT * FROM " + quoteIdentifier(schema) + "." + quoteIdentifier(table) + (upsert ? " FINAL" : "")
                + " ORDER BY " + orderBy);
    }

    private static String quoteIdentifier(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A DateTime64(6) as text ({@code 2020-06-16 20:00:00.500000}) as the other databases write it
     * ({@code 2020-06-16 20:00:00.5}): the same value, trailing zeros of the fraction left out.
     */
    public static String shortTimestamp(String text) {
        if (text == null || !text.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}")) {
            return text;
        }
        String s = text.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Rows of a query run by the engine itself as TabSeparated text (no driver conversions). */
    public List<String> lines(String sql) {
        String out = engine.queryText(sql, "TabSeparatedRaw");
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private void stop() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the JVM is exiting
        }
        adapter.close();
        engine.close();
    }
}
