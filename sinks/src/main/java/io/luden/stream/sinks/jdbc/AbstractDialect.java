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
        return castExpression("?", sqlType);
    }

    /** {@code CAST(expression AS sqlType)}: what {@link #castPlaceholder} does to a {@code ?}. */
    protected String castExpression(String expression, String sqlType) {
        return "CAST(" + expression + " AS " + sqlType + ")";
    }

    /** Alias of the target table in a bulk upsert, so its columns can be named next to EXCLUDED's. */
    static final String TARGET_ALIAS = "luden_target";

    /** The staging table's column for the batch's column {@code i} (0-based): positional, no user identifier in it. */
    protected static String stagingColumn(int i) {
        return "c" + (i + 1);
    }

    /**
     * The bulk form of {@link #insert}: {@code INSERT INTO target AS luden_target (columns) SELECT … FROM
     * staging ON CONFLICT …}, each staged value behind the same cast its single-row placeholder has, so
     * the database assigns it to the column exactly as it assigns the bound parameter. The staging table
     * has the batch's columns positionally ({@link #stagingColumn}) with the type the single-row INSERT
     * binds.
     *
     * <p>An upsert sets each non-key column to {@code COALESCE(EXCLUDED.c, luden_target.c)}: a row's
     * values are never null ({@code Field}), so a NULL staged value means only "this row has no such
     * column", and as with the single-row upsert (which does not name that column) the existing value
     * is kept. Chosen over one INSERT per set of columns because it is one statement whatever the
     * batch holds: events of one table often differ in their optional fields, and a statement per
     * column set would scan the staging table once per set.
     */
    protected String insertFromStaging(BatchInsert batch, String staging) {
        List<String> columns = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < batch.columns().size(); i++) {
            BatchInsert.Column c = batch.columns().get(i);
            columns.add(c.name);
            String value = stagingColumn(i);
            expressions.add(c.castType == null ? value : castExpression(value, c.castType));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(batch.schema(), batch.table()))
                .append(" AS ").append(TARGET_ALIAS)
                .append(" (").append(quotedList(columns)).append(") SELECT ")
                .append(String.join(", ", expressions)).append(" FROM ").append(staging);
        if (batch.conflictKey().isEmpty()) {
            return sql.toString();
        }
        sql.append(" ON CONFLICT (").append(quotedList(batch.conflictKey())).append(") DO ");
        List<String> updates = new ArrayList<>();
        if (batch.update()) {
            for (String c : columns) {
                if (!batch.conflictKey().contains(c)) {
                    updates.add(quote(c) + " = COALESCE(EXCLUDED." + quote(c) + ", " + TARGET_ALIAS + "." + quote(c) + ")");
                }
            }
        }
        return sql.append(updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates)).toString();
    }

    /**
     * Runs {@link #insertFromStaging(BatchInsert, String)}. An upsert or a plain insert must report each
     * staged row (inserted or updated); fewer means two staged rows met on one key after all (a value
     * Java saw as different, such as a uuid in two cases) and one was dropped — a data failure, so the
     * caller isolates the rows and writes them one by one.
     */
    protected void insertFromStaging(Connection connection, BatchInsert batch, String staging) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            long n = st.executeLargeUpdate(insertFromStaging(batch, staging));
            boolean checkable = batch.conflictKey().isEmpty() || (batch.update()
                    && batch.columns().stream().anyMatch(c -> !batch.conflictKey().contains(c.name)));
            if (checkable && n != batch.rows().size()) {
                throw new SQLException("INSERT from staging into table \"" + batch.table() + "\" wrote " + n
                        + " of " + batch.rows().size() + " rows: two rows share a key", "21000");
            }
        }
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

    /** A table's declared keys: its primary key's columns and each unique key's columns joined by commas. */
    protected static final class Keys {
        public final List<String> primaryKey = new ArrayList<>();
        public final List<String> uniqueKeys = new ArrayList<>();
    }

    /**
     * The keys of a table from {@code sql}, which takes (schema, table) and returns per key column, in
     * key order: the key's identity, {@code PRIMARY KEY} for the primary key (anything else is a unique
     * key), the column. A unique key repeating another one's columns is listed once.
     */
    protected static Keys readKeys(Connection connection, String sql, String schema, String table) throws SQLException {
        Keys keys = new Keys();
        Map<String, List<String>> unique = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if ("PRIMARY KEY".equalsIgnoreCase(rs.getString(2))) {
                        keys.primaryKey.add(rs.getString(3));
                    } else {
                        unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(3));
                    }
                }
            }
        }
        unique.values().forEach(cols -> {
            String joined = String.join(",", cols);
            if (!keys.uniqueKeys.contains(joined)) {
                keys.uniqueKeys.add(joined);
            }
        });
        return keys;
    }
}
