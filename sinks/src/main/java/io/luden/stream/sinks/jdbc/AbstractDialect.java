package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL that Postgres and DuckDB share: double-quoted identifiers, {@code IF NOT EXISTS} DDL,
 * {@code INSERT … ON CONFLICT}. A database class adds its types, URL, schema read and error codes.
 */
public abstract class AbstractDialect implements Dialect {

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}. */
    protected String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    @Override
    public DataType category(String sqlType) {
        return SqlTypeNames.category(sqlType);
    }

    @Override
    public List<String> prepareSchema(String schema) {
        return List.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    }

    @Override
    public String createTable(String schema, String table, LinkedHashMap<String, String> columns,
                              List<String> primaryKey, List<String> uniqueKey) {
        StringJoiner parts = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " (", ")");
        for (Map.Entry<String, String> c : columns.entrySet()) {
            parts.add(quote(c.getKey()) + " " + c.getValue());
        }
        if (!primaryKey.isEmpty()) {
            parts.add("PRIMARY KEY (" + quotedList(primaryKey) + ")");
        }
        if (!uniqueKey.isEmpty()) {
            parts.add("UNIQUE (" + quotedList(uniqueKey) + ")");
        }
        return parts.toString();
    }

    @Override
    public String addColumn(String schema, String table, String column, String sqlType) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN IF NOT EXISTS " + quote(column) + " " + sqlType;
    }

    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (columns.size() != placeholders.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("INSERT into " + table + " needs one placeholder per column, got "
                    + columns + " / " + placeholders);
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(schema, table))
                .append(" (").append(quotedList(columns)).append(") VALUES (")
                .append(String.join(", ", placeholders)).append(')');
        if (conflictKey.isEmpty()) {
            return sql.toString();
        }
        sql.append(" ON CONFLICT (").append(quotedList(conflictKey)).append(") DO ");
        List<String> updates = new ArrayList<>();
        if (updateOnConflict) {
            for (String c : columns) {
                if (!conflictKey.contains(c)) {
                    updates.add(quote(c) + " = EXCLUDED." + quote(c));
                }
            }
        }
        // with only key columns there is nothing to update: the existing row already is this row
        return sql.append(updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates)).toString();
    }

    @Override
    public String castPlaceholder(String sqlType) {
        return "CAST(? AS " + sqlType + ")";
    }

    /** {@link SqlErrors#isConnectionFailure}: connection exception types, SQLState class 08 and 40001. */
    @Override
    public boolean isConnectionError(SQLException e) {
        return SqlErrors.isConnectionFailure(e);
    }

    protected String quotedList(List<String> identifiers) {
        StringJoiner j = new StringJoiner(", ");
        identifiers.forEach(i -> j.add(quote(i)));
        return j.toString();
    }

    /** Column name → type of a table, from a query taking (schema, table) and returning (name, type) rows. */
    protected static Map<String, String> readColumns(Connection connection, String sql, String schema, String table)
            throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }
}
