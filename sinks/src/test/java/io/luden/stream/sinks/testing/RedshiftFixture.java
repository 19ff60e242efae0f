package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "Redshift" for tests: the JVM's embedded PostgreSQL ({@link PostgresFixture}) behind a {@link RedshiftProxy},
 * reached with the real Redshift JDBC driver ({@code ssl=false}: the proxy speaks no TLS). The proxy
 * checks each statement against Redshift's SQL rules ({@link RedshiftSqlRules}); what Redshift would
 * refuse fails here too, and is listed in {@link #refusals()}. Tests isolate themselves by schema.
 * Assertions read the tables over a plain PostgreSQL connection, past the proxy.
 */
public final class RedshiftFixture extends DatabaseFixture {
    private static RedshiftFixture instance;

    private final PostgresFixture postgres;
    private final RedshiftProxy proxy;
    private final Connection connection;

    private RedshiftFixture() throws IOException, SQLException {
        postgres = PostgresFixture.get();
        proxy = new RedshiftProxy(postgres.port());
        connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.port() + "/postgres",
                "postgres", "postgres");
        connection.setAutoCommit(true);
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close, "redshift-proxy-stop"));
    }

    /** The JVM's Redshift stand-in, started now if it is not running yet. */
    public static synchronized RedshiftFixture get() {
        if (instance == null) {
            try {
                instance = new RedshiftFixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("the Redshift proxy did not start", e);
            }
        }
        return instance;
    }

    @Override
    public String type() {
        return "redshift";
    }

    /** The port the proxy listens on (what a Redshift destination connects to). */
    public int port() {
        return proxy.port();
    }

    public RedshiftProxy proxy() {
        return proxy;
    }

    /** Statements Redshift would have refused, since the JVM started. */
    public List<String> refusals() {
        return proxy.refusals();
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        Map<String, String> all = new TreeMap<>(parameters);
        all.put("ssl", "false");
        return ConnectionSettings.builder("redshift").host("127.0.0.1").port(proxy.port())
                .db("postgres").username("postgres").password("postgres").schema(schema).parameters(all).build();
    }

    /**
     * Column name → type as the Redshift dialect reads it ({@code format_type}: {@code character varying(65535)},
     * where information_schema says only {@code character varying}), in column order; empty when absent.
     */
    @Override
    public Map<String, String> columnTypes(String schema, String table) {
        return postgres.declaredTypes(schema, table);
    }

    @Override
    public Connection connection() {
        return connection;
    }
}
