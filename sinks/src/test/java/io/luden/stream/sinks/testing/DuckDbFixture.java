package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.jdbc.JdbcDrivers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A DuckDB file in a temporary directory, one per JVM. Connections in one JVM share the database,
 * so the fixture's connection sees what a Warehouse commits. Tests isolate themselves by schema.
 */
public final class DuckDbFixture extends DatabaseFixture {
    private static DuckDbFixture instance;

    private final Path file;
    private final Connection connection;

    private DuckDbFixture() throws IOException, SQLException {
        file = Files.createTempDirectory("luden-duckdb").resolve("db").resolve("warehouse.duckdb");
        Files.createDirectories(file.getParent());
        connection = JdbcDrivers.connect("jdbc:duckdb:" + file, new Properties());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "duckdb-fixture-stop"));
    }

    private void stop() {
        try {
            connection.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        } catch (IOException | SQLException ignored) {
            // the JVM is exiting
        }
    }

    /** The JVM's DuckDB test file, created on first use. */
    public static synchronized DuckDbFixture get() {
        if (instance == null) {
            try {
                instance = new DuckDbFixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("DuckDB test database could not be opened", e);
            }
        }
        return instance;
    }

    @Override
    public String type() {
        return "duckdb";
    }

    public Path file() {
        return file;
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        return ConnectionSettings.builder("duckdb").path(file.toString()).schema(schema).parameters(parameters).build();
    }

    @Override
    public Connection connection() {
        return connection;
    }
}
