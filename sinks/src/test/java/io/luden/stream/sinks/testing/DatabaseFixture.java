package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real database for tests: settings a Warehouse can use, and a plain connection to check what it wrote. */
public abstract class DatabaseFixture {

    /** The destination type, e.g. {@code postgres}. */
    public abstract String type();

    /** Settings for a destination writing to {@code schema}. */
    public ConnectionSettings settings(String schema) {
        return settings(schema, Map.of());
    }

    /** Settings for a destination writing to {@code schema} with these {@code datasource.parameters}. */
    public abstract ConnectionSettings settings(String schema, Map<String, String> parameters);

    /** The name the database stores for an identifier the dialect quotes (Snowflake upper-cases unquoted ones). */
    public String storedName(String name) {
        return name;
    }

    /** A connection of the fixture's own (autocommit), for assertions and for changing tables behind a writer. */
    public abstract Connection connection();

    /** Rows of a query, each column label → value as the driver returns it (column order kept). */
    public synchronized List<Map<String, Object>> query(String sql, Object... params) {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        row.put(md.getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs a statement; SQLExceptions are thrown as they are, so tests can inspect them. */
    public synchronized void execute(String sql) throws SQLException {
        try (Statement st = connection().createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * An SQL expression giving the value of {@code quotedColumn} (of type {@code columnType}) as text, in
     * the form PostgreSQL prints it (timestamps {@code 2020-06-16 23:00:00.5}: no trailing zeros).
     */
    public String asText(String quotedColumn, String columnType) {
        return "CAST(" + quotedColumn + " AS VARCHAR)";
    }

    /** All rows of {@code schema.table} ordered by {@code orderBy} (an SQL expression), as the matrix compares them. */
    public List<Map<String, Object>> rows(String schema, String table, String orderBy) {
        io.luden.stream.sinks.Dialect d = io.luden.stream.sinks.Dialects.forType(type());
        return query("SELECT * FROM " + d.quote(schema) + "." + d.quote(table) + " ORDER BY " + orderBy);
    }

    /**
     * The value of {@code column} in the one row of {@code schema.table} where {@code where} holds, as text
     * ({@link #asText}); what the matrix's {@code text()} compares.
     */
    public String text(String schema, String table, String column, String where) {
        io.luden.stream.sinks.Dialect d = io.luden.stream.sinks.Dialects.forType(type());
        String expression = asText(d.quote(column), columnTypes(schema, table).get(column));
        List<Map<String, Object>> r = query("SELECT " + expression + " AS v FROM " + d.quote(schema) + "." + d.quote(table)
                + " WHERE " + where);
        if (r.size() != 1) {
            throw new IllegalStateException("expected one row of " + table + " where " + where + ", got " + r.size());
        }
        return (String) r.get(0).get("v");
    }

    /** Column name → data type as information_schema reports it, in column order; empty when the table is absent. */
    public Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", schema, table)) {
            types.put((String) r.get("column_name"), (String) r.get("data_type"));
        }
        return types;
    }
}
