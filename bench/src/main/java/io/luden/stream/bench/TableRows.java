package io.luden.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.Flattener;
import io.luden.stream.sinks.ValueConverter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of one job-created table, built from the generated events for the bulk path: the
 * columns and their types are read from the table the job created, each event is flattened by the
 * job's own {@link Flattener} (nested keys joined with {@code _}), and a column the event lacks is
 * NULL — the same rows the job wrote.
 */
final class TableRows {
    enum Kind { TEXT, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP }

    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    final String table;
    final List<String> columns;
    final List<String> sqlTypes;
    final List<Kind> kinds;
    /** Per row, per column: the typed value (String, Long, Double, Boolean, LocalDateTime) or null. */
    final List<Object[]> rows = new ArrayList<>();

    TableRows(String table, Map<String, String> columnTypes) {
        this.table = table;
        this.columns = List.copyOf(columnTypes.keySet());
        this.sqlTypes = List.copyOf(columnTypes.values());
        List<Kind> k = new ArrayList<>();
        for (String type : sqlTypes) {
            k.add(kindOf(type));
        }
        this.kinds = List.copyOf(k);
    }

    static Kind kindOf(String sqlType) {
        String t = sqlType.toLowerCase(Locale.ROOT);
        if (t.startsWith("timestamp") || t.startsWith("datetime")) { // ClickHouse: DateTime64(6, 'UTC')
            return Kind.TIMESTAMP;
        }
        if (t.startsWith("bool")) {
            return Kind.BOOLEAN;
        }
        if (t.equals("bigint") || t.equals("integer") || t.equals("int8") || t.equals("smallint") || t.equals("hugeint")
                || t.equals("int64")) {
            return Kind.BIGINT;
        }
        if (t.startsWith("double") || t.equals("real") || t.equals("float") || t.equals("float8")
                || t.equals("float64")) {
            return Kind.DOUBLE;
        }
        return Kind.TEXT;
    }

    /** The events' rows by table (the event type, as {@code table_name_template: "{{.event_type}}"} names it). */
    static Map<String, TableRows> build(List<ObjectNode> events, Map<String, Map<String, String>> tables) {
        Map<String, TableRows> byTable = new LinkedHashMap<>();
        tables.forEach((name, types) -> byTable.put(name, new TableRows(name, types)));
        for (ObjectNode event : events) {
            String table = event.get("event_type").textValue();
            TableRows t = byTable.get(table);
            if (t == null) {
                throw new IllegalStateException("the job created no table " + table);
            }
            t.add(Flattener.flatten(event));
        }
        return byTable;
    }

    private void add(Map<String, JsonNode> flat) {
        for (String column : flat.keySet()) {
            if (!columns.contains(column)) {
                throw new IllegalStateException("table " + table + " has no column " + column + " (columns: " + columns + ")");
            }
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            JsonNode v = flat.get(columns.get(i));
            row[i] = v == null ? null : value(kinds.get(i), v);
        }
        rows.add(row);
    }

    private static Object value(Kind kind, JsonNode v) {
        switch (kind) {
            case TIMESTAMP:
                return ValueConverter.parseUtcTimestamp(v.textValue());
            case BIGINT:
                return v.longValue();
            case DOUBLE:
                return Double.parseDouble(v.asText());
            case BOOLEAN:
                return v.booleanValue();
            default:
                return v.isTextual() ? v.textValue() : v.toString();
        }
    }

    /** The value as text a COPY parses back to the same value. */
    static String text(Object value) {
        if (value instanceof LocalDateTime t) {
            return SQL_TIMESTAMP.format(t);
        }
        return String.valueOf(value);
    }

    /**
     * The rows as one autocommitted prepared single-row INSERT each, into {@code schema}'s copies of the
     * tables, in the events' order ({@code order}: the table of each event); returns the seconds taken.
     */
    static double insertOneByOne(Connection c, String schema, Map<String, TableRows> rows, List<String> order)
            throws SQLException {
        c.setAutoCommit(true);
        Map<String, PreparedStatement> inserts = new HashMap<>();
        Map<String, Integer> next = new HashMap<>();
        try {
            for (TableRows t : rows.values()) {
                inserts.put(t.table, c.prepareStatement("INSERT INTO " + schema + "." + quote(t.table)
                        + " (" + t.quotedColumns() + ") VALUES (" + t.placeholders() + ")"));
            }
            long start = System.nanoTime();
            for (String table : order) {
                TableRows t = rows.get(table);
                int i = next.merge(table, 1, Integer::sum) - 1;
                PreparedStatement ps = inserts.get(table);
                t.bind(ps, t.rows.get(i));
                ps.executeUpdate();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            for (PreparedStatement ps : inserts.values()) {
                ps.close();
            }
        }
    }

    /** Binds row {@code r} to an {@code INSERT … VALUES (?, …)} over {@link #columns}. */
    void bind(PreparedStatement ps, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                ps.setNull(i + 1, switch (kinds.get(i)) {
                    case TIMESTAMP -> Types.TIMESTAMP;
                    case BIGINT -> Types.BIGINT;
                    case DOUBLE -> Types.DOUBLE;
                    case BOOLEAN -> Types.BOOLEAN;
                    case TEXT -> Types.VARCHAR;
                });
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    String quotedColumns() {
        StringBuilder sb = new StringBuilder();
        for (String c : columns) {
            sb.append(sb.length() == 0 ? "" : ", ").append(quote(c));
        }
        return sb.toString();
    }

    String placeholders() {
        return String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
