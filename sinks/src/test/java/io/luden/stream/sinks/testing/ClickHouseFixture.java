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

    /** Column name → ClickHouse type as system.columns has it ({@code Nullable(String)}), in column order. */
    @Override
    public Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT name, type FROM system.columns WHERE database = ? AND table = ?"
                + " ORDER BY position", schema, table)) {
            types.put((String) r.get("name"), (String) r.get("type"));
        }
        return types;
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
