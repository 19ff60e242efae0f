package io.luden.stream.sinks.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows of one table that one transaction writes, in two forms a {@link io.luden.stream.sinks.Dialect}'s
 * {@code insertBatch} can choose from:
 * <ul>
 *   <li>{@link #statements()}: each row's own single-row INSERT, in arrival order, exactly as
 *       {@link RowInserter} runs it; {@link #executeStatements} sends them through JDBC batches.</li>
 *   <li>{@link #columns()} / {@link #rows()}: one table of values for a bulk path (COPY, an appender)
 *       followed by one INSERT … SELECT: the union of the rows' columns, a value per column or null
 *       where the row has no such column. Duplicates of a conflict key are resolved before, as writing
 *       the rows one by one would: insert-or-do-nothing keeps the first row of a key; an upsert merges
 *       the rows of a key in order, a later row's values overwriting, values only an earlier row has
 *       kept. Only present ({@link #isUniform()}) when all rows agree on each column's cast and on the
 *       conflict clause; otherwise only the statements can be run.</li>
 * </ul>
 */
public final class BatchInsert {

    /** One column of the bulk form. */
    public static final class Column {
        /** The target column. */
        public final String name;
        /** Its type as the warehouse reports it. */
        public final String columnType;
        /** What the value is cast to in SQL ({@code CAST(x AS castType)}), or null: assigned as it is. */
        public final String castType;
        /** The Java class of every value of this column (what {@link io.luden.stream.sinks.ValueConverter} gives). */
        public final Class<?> valueType;

        Column(String name, String columnType, String castType, Class<?> valueType) {
            this.name = name;
            this.columnType = columnType;
            this.castType = castType;
            this.valueType = valueType;
        }
    }

    private final String schema;
    private final String table;
    private final List<RowInserter.Prepared> statements;
    private final List<Column> columns;
    private final List<Object[]> rows;
    private final List<String> conflictKey;
    private final boolean update;

    private BatchInsert(String schema, String table, List<RowInserter.Prepared> statements, List<Column> columns,
                        List<Object[]> rows, List<String> conflictKey, boolean update) {
        this.schema = schema;
        this.table = table;
        this.statements = statements;
        this.columns = columns;
        this.rows = rows;
        this.conflictKey = conflictKey;
        this.update = update;
    }

    /** The batch of {@code prepared} (not empty), rows of {@code table} in {@code schema}, in arrival order. */
    public static BatchInsert of(String schema, String table, List<RowInserter.Prepared> prepared) {
        if (prepared.isEmpty()) {
            throw new IllegalArgumentException("an empty batch for table " + table);
        }
        List<RowInserter.Prepared> statements = Collections.unmodifiableList(new ArrayList<>(prepared));
        RowInserter.Prepared first = prepared.get(0);
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>();
        for (RowInserter.Prepared p : prepared) {
            if (!p.conflictKey.equals(first.conflictKey) || p.update != first.update) {
                return new BatchInsert(schema, table, statements, null, null, first.conflictKey, first.update);
            }
            for (int i = 0; i < p.columns.size(); i++) {
                Integer at = index.get(p.columns.get(i));
                Class<?> type = p.values.get(i).getClass();
                if (at == null) {
                    index.put(p.columns.get(i), columns.size());
                    columns.add(new Column(p.columns.get(i), p.columnTypes.get(i), p.castTypes.get(i), type));
                } else {
                    Column c = columns.get(at);
                    if (!Objects.equals(c.castType, p.castTypes.get(i)) || c.valueType != type
                            || !c.columnType.equals(p.columnTypes.get(i))) {
                        // e.g. one row's __sql_type_ casts a column another row's does not: each row its own INSERT
                        return new BatchInsert(schema, table, statements, null, null, first.conflictKey, first.update);
                    }
                }
            }
        }
        int[] keyAt = new int[first.conflictKey.size()];
        for (int k = 0; k < keyAt.length; k++) {
            keyAt[k] = index.get(first.conflictKey.get(k)); // every row of a keyed batch has its key columns
        }
        List<Object[]> rows = new ArrayList<>(prepared.size());
        Map<List<Object>, Object[]> byKey = keyAt.length == 0 ? null : new LinkedHashMap<>();
        for (RowInserter.Prepared p : prepared) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < p.columns.size(); i++) {
                values[index.get(p.columns.get(i))] = p.values.get(i);
            }
            if (byKey == null) {
                rows.add(values);
                continue;
            }
            List<Object> key = new ArrayList<>(keyAt.length);
            for (int at : keyAt) {
                key.add(keyValue(values[at]));
            }
            Object[] earlier = byKey.get(key);
            if (earlier == null) {
                byKey.put(key, values);
            } else if (first.update) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        earlier[i] = values[i];
                    }
                }
            } // else insert-or-do-nothing: the first row of the key is the one that is written
        }
        if (byKey != null) {
            rows.addAll(byKey.values());
        }
        return new BatchInsert(schema, table, statements, Collections.unmodifiableList(columns),
                Collections.unmodifiableList(rows), first.conflictKey, first.update);
    }

    /** Equal keys by value as the warehouse compares them where Java's equals does not: 1.0 and 1.00. */
    private static Object keyValue(Object v) {
        return v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v;
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    /** Each row's own single-row INSERT, in arrival order. */
    public List<RowInserter.Prepared> statements() {
        return statements;
    }

    /** True when the bulk form ({@link #columns}, {@link #rows}) exists. */
    public boolean isUniform() {
        return columns != null;
    }

    /** The bulk form's columns; null when not {@link #isUniform()}. */
    public List<Column> columns() {
        return columns;
    }

    /** The bulk form's rows (one value per column, null: the row has no such column); duplicates of a key resolved. */
    public List<Object[]> rows() {
        return rows;
    }

    /** The conflict key of every row (empty: plain insert). */
    public List<String> conflictKey() {
        return conflictKey;
    }

    /** On conflict: update (upsert) rather than do nothing. */
    public boolean update() {
        return update;
    }

    /**
     * The default bulk path: the rows' own INSERTs in order, each run of rows with the same SQL sent as
     * one JDBC batch, on {@code connection} (the caller's transaction).
     */
    public void executeStatements(Connection connection) throws SQLException {
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            int to = from + 1;
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                to++;
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (to - from == 1) {
                    bindAll(ps, statements.get(from));
                    ps.executeUpdate();
                } else {
                    for (int i = from; i < to; i++) {
                        bindAll(ps, statements.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            from = to;
        }
    }

    private static void bindAll(PreparedStatement ps, RowInserter.Prepared p) throws SQLException {
        for (int i = 0; i < p.values.size(); i++) {
            RowInserter.bind(ps, i + 1, p.bound(i));
        }
    }

    @Override
    public String toString() {
        return "batch of " + statements.size() + " rows for " + table
                + (columns == null ? "" : " (" + rows.size() + " staged, columns " + Arrays.toString(
                        columns.stream().map(c -> c.name).toArray()) + ")");
    }
}
