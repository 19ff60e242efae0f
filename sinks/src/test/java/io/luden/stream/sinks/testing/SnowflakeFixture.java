package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Dialects;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.snowflake.SnowflakeNames;
import io.luden.stream.sinks.snowflake.SnowflakeTypes;
import io.luden.stream.sinks.testing.snowflake.FakeSnowflake;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The test-only fake Snowflake ({@link FakeSnowflake}: snowflake-jdbc's REST protocol on loopback,
 * in-memory tables), one per JVM, reached through the real driver — the Warehouse's connections and
 * the fixture's own alike. No Snowflake runs here: what a test proves against it is that the dialect
 * sends statements a Snowflake-like engine runs to the expected rows, through the driver's real
 * binding and result paths, and what SQL and bindings it sends ({@link #server()} records them).
 */
public final class SnowflakeFixture extends DatabaseFixture {
    private static SnowflakeFixture instance;

    private final FakeSnowflake server;
    private Connection connection;

    private SnowflakeFixture() {
        server = FakeSnowflake.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-snowflake-stop"));
    }

    public static synchronized SnowflakeFixture get() {
        if (instance == null) {
            instance = new SnowflakeFixture();
        }
        return instance;
    }

    public FakeSnowflake server() {
        return server;
    }

    @Override
    public String type() {
        return "snowflake";
    }

    /** What the fake needs besides Jitsu's keys: plain HTTP to loopback, short login and retries. */
    public Map<String, String> fakeParameters() {
        Map<String, String> p = new TreeMap<>();
        p.put("account", "luden");
        p.put("warehouse", "LUDEN_WH");
        p.put("ssl", "off");
        p.put("loginTimeout", "10");
        p.put("maxHttpRetries", "1");
        return p;
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        Map<String, String> p = fakeParameters();
        p.putAll(parameters);
        return ConnectionSettings.builder("snowflake").host(server.host()).port(server.port()).db("LUDEN")
                .schema(schema).username("luden").password("not-checked").parameters(p).build();
    }

    @Override
    public synchronized Connection connection() {
        try {
            if (connection == null || connection.isClosed()) {
                ConnectionSettings s = settings("PUBLIC");
                var dialect = Dialects.forType("snowflake");
                connection = JdbcDrivers.connect(dialect.jdbcUrl(s), dialect.connectionProperties(s));
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the fake Snowflake", e);
        }
    }

    /** The server forgets every session (Snowflake's 390111 on the next query); the fixture's own connection logs in again. */
    public synchronized void forgetSessions() {
        server.dropSessions();
        connection = null;
    }

    @Override
    public String storedName(String name) {
        return SnowflakeNames.stored(name);
    }

    /** Rows with Luden's column names ({@code A} → {@code a}, see {@link SnowflakeNames#ludenName}). */
    @Override
    public synchronized List<Map<String, Object>> query(String sql, Object... params) {
        List<Map<String, Object>> rows = super.query(sql, params);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> named = new LinkedHashMap<>();
            rows.get(i).forEach((k, v) -> named.put(SnowflakeNames.ludenName(k), v));
            rows.set(i, named);
        }
        return rows;
    }

    /** Column (Luden name) → type as the dialect renders Snowflake's information_schema, in column order. */
    @Override
    public Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                + " numeric_scale, datetime_precision FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                SnowflakeNames.stored(schema), SnowflakeNames.stored(table))) {
            types.put(SnowflakeNames.ludenName((String) r.get("column_name")), SnowflakeTypes.render(
                    (String) r.get("data_type"), number(r.get("character_maximum_length")), number(r.get("numeric_precision")),
                    number(r.get("numeric_scale")), number(r.get("datetime_precision"))));
        }
        return types;
    }

    private static Long number(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }
}
