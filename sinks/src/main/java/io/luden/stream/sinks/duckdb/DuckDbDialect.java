package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** DuckDB, a database file on local disk ({@code datasource.path}); schema from duckdb_columns()/duckdb_constraints(). */
public final class DuckDbDialect extends AbstractDialect {
    /**
     * DuckDB itself has no identifier length limit; 255 is the common catalog limit elsewhere
     * (file names, most SQL tools), so folded names stay portable and a hostile key cannot make a huge name.
     */
    public static final int MAX_COLUMN_NAME_LENGTH = 255;

    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "VARCHAR", DataType.INTEGER, "BIGINT", DataType.FLOAT, "DOUBLE",
            DataType.TIMESTAMP, "TIMESTAMP", DataType.BOOLEAN, "BOOLEAN");

    private static final String COLUMNS_SQL = "SELECT column_name, data_type FROM duckdb_columns()"
            + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index";
    private static final String KEYS_SQL = "SELECT constraint_type, constraint_column_names FROM duckdb_constraints()"
            + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ?"
            + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY constraint_index";

    /**
     * DuckDB has no SQLStates: its messages start with the error class. Optimistic-concurrency conflicts
     * with another connection (two destinations on one file) are transient too: retried later, never failed.
     */
    private static final List<String> TRANSIENT_MESSAGES = List.of(
            "io error:", "could not set lock", "connection error:", "connection was closed", "connection is closed",
            "database has been closed", "write-write conflict", "transaction conflict", "conflict on tuple", "conflict on update");

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public String defaultSchema() {
        return "main";
    }

    @Override
    public String jdbcUrl(ConnectionSettings s) {
        return "jdbc:duckdb:" + file(s);
    }

    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        s.parameters().forEach(p::setProperty); // DuckDB configuration options, e.g. memory_limit, threads
        return p;
    }

    @Override
    public void beforeConnect(ConnectionSettings s) throws SQLException {
        Path parent = file(s).getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create directory " + parent + " for DuckDB file: " + e.getMessage(), "58030", e);
        }
    }

    private static Path file(ConnectionSettings s) {
        if (s.path() == null || s.path().isBlank()) {
            throw new IllegalArgumentException("duckdb destination needs datasource.path (the database file)");
        }
        Path p = Path.of(s.path());
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("duckdb datasource.path must be absolute, got '" + s.path() + "'");
        }
        return p;
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = readColumns(connection, COLUMNS_SQL, schema, table);
        if (columns.isEmpty()) {
            return null;
        }
        List<String> primaryKey = new ArrayList<>();
        Set<String> uniqueKeys = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(KEYS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = names(rs.getArray(2));
                    if ("PRIMARY KEY".equals(rs.getString(1))) {
                        primaryKey = cols;
                    } else {
                        uniqueKeys.add(String.join(",", cols));
                    }
                }
            }
        }
        return new TableSchema(table, columns, primaryKey, new ArrayList<>(uniqueKeys));
    }

    private static List<String> names(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    @Override
    public boolean isConnectionError(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            for (String m : TRANSIENT_MESSAGES) {
                if (message.contains(m)) {
                    return true;
                }
            }
        }
        return super.isConnectionError(e);
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("already exists") || message.contains("write-write conflict");
    }
}
