package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.ValueConverter;
import io.luden.stream.sinks.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SPEC §1 step 7: the INSERT of a row into a table whose schema has all its columns. Values are
 * converted exactly to the existing column types; the conflict clause follows the table's keys.
 */
public final class RowInserter {
    private static final Logger LOG = LoggerFactory.getLogger(RowInserter.class);

    private final JdbcSession session;
    private final Dialect dialect;
    private final List<String> primaryKeyFields;
    /** Tables already reported as at-least-once, so the warning appears once per table. */
    private final Set<String> warnedTables = new HashSet<>();
    /** Tables already reported for a primary key other than the configured one. */
    private final Set<String> keyReportedTables = new HashSet<>();
    /**
     * {@link Dialect#category} of the column types met so far: asked for every value, and some dialects
     * (MySQL) work it out with regular expressions. Column types are few; a dialect's answer never changes.
     */
    private final java.util.Map<String, java.util.Optional<DataType>> categories = new java.util.HashMap<>();

    public RowInserter(JdbcSession session, Dialect dialect, List<String> primaryKeyFields) {
        this.session = session;
        this.dialect = dialect;
        this.primaryKeyFields = List.copyOf(primaryKeyFields);
    }

    /** A prepared INSERT: its SQL and the values to bind, in column order. */
    public static final class Statement {
        public final String sql;
        public final List<Object> values;

        Statement(String sql, List<Object> values) {
            this.sql = sql;
            this.values = values;
        }
    }

    /** Inserts {@code row}; returns the number of rows the warehouse reports (0 when a key made it a no-op). */
    public int insert(TableSchema schema, Row row) throws SQLException, WarehouseException {
        return insert(prepare(schema, row));
    }

    /** Runs the single-row INSERT of a prepared row (on the session's connection, in its current mode). */
    public int insert(Prepared row) throws SQLException, WarehouseException {
        if (!row.conflictKey.isEmpty() && !dialect.insertHandlesConflicts()) {
            return insertAsBatch(row);
        }
        if (!row.update && !row.conflictKey.isEmpty() && dialect.plainInsertFirst()
                && session.connection().getAutoCommit()) {
            try {
                return execute(row.plainSql(), row);
            } catch (SQLException e) {
                if (!dialect.isConstraintViolation(e)) {
                    throw e;
                }
                // most likely the row is there already (a replay); the conflict clause says for sure
            }
        }
        return execute(row.sql(), row);
    }

    /** {@link Dialect#insertHandlesConflicts()} false: the row as a batch of one, in its own transaction unless in one. */
    private int insertAsBatch(Prepared row) throws SQLException, WarehouseException {
        BatchInsert one = BatchInsert.of(session.schema(), row.row.table(), List.of(row));
        return session.transaction(c -> {
            dialect.insertBatch(c, one);
            return 1;
        });
    }

    private int execute(String sql, Prepared row) throws SQLException, WarehouseException {
        PreparedStatement ps = session.prepared(sql);
        try {
            for (int i = 0; i < row.values.size(); i++) {
                bind(ps, i + 1, row.bound(i));
            }
            return ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            session.forget(sql);
            throw e;
        }
    }

    /** The SQL and values for {@code row}; pure apart from the one-time warnings (at-least-once, key mismatch). */
    public Statement build(TableSchema schema, Row row) throws WarehouseException {
        Prepared p = prepare(schema, row);
        return new Statement(p.sql(), p.values);
    }

    /**
     * A row made ready for its table: each value converted exactly to its column's type, the cast its
     * placeholder gets, the conflict clause, and the single-row INSERT ({@link #insert} runs exactly that).
     * The batch path ({@link BatchInserter}) stages the same converted values behind the same casts.
     */
    public static final class Prepared {
        public final Row row;
        /** The row's columns, in the row's (sorted) order. */
        public final List<String> columns;
        /** The warehouse type of each column, as the schema reports it. */
        public final List<String> columnTypes;
        /** What each placeholder is cast to, or null for a plain {@code ?}. */
        public final List<String> castTypes;
        /** The values bound, converted by {@link ValueConverter}, never null. */
        public final List<Object> values;
        public final List<String> conflictKey;
        public final boolean update;
        private final Dialect dialect;
        private final String schema;
        private String sql;

        Prepared(Row row, List<String> columns, List<String> columnTypes, List<String> castTypes, List<Object> values,
                 List<String> conflictKey, boolean update, Dialect dialect, String schema) {
            this.row = row;
            this.columns = columns;
            this.columnTypes = columnTypes;
            this.castTypes = castTypes;
            this.values = values;
            this.conflictKey = conflictKey;
            this.update = update;
            this.dialect = dialect;
            this.schema = schema;
        }

        /** The single-row INSERT for this row (made when first asked for: a bulk write does not need it). */
        public String sql() {
            if (sql == null) {
                sql = dialect.insert(schema, row.table(), columns, placeholders(), conflictKey, update);
            }
            return sql;
        }

        /** Value {@code i} as the single-row INSERT binds it ({@link Dialect#bindable}). */
        public Object bound(int i) {
            return dialect.bindable(values.get(i));
        }

        /** The same INSERT without its conflict clause ({@link Dialect#plainInsertFirst()}). */
        String plainSql() {
            return dialect.insert(schema, row.table(), columns, placeholders(), List.of(), false);
        }

        private List<String> placeholders() {
            List<String> placeholders = new ArrayList<>(castTypes.size());
            for (String cast : castTypes) {
                placeholders.add(cast == null ? "?" : dialect.castPlaceholder(cast));
            }
            return placeholders;
        }
    }

    /** {@code row} converted for {@code schema}; a conversion or key problem of the row is DATA. */
    public Prepared prepare(TableSchema schema, Row row) throws WarehouseException {
        String table = row.table();
        int n = row.fields().size();
        List<String> columns = new ArrayList<>(n);
        List<String> columnTypes = new ArrayList<>(n);
        List<String> castTypes = new ArrayList<>(n);
        List<Object> values = new ArrayList<>(n);
        for (Field f : row.fields()) {
            String columnType = schema.columns.get(f.column());
            if (columnType == null) {
                throw WarehouseException.data("table \"" + table + "\" has no column \"" + f.column() + "\"");
            }
            DataType category = category(columnType);
            values.add(ValueConverter.convert(table, f, columnType, category));
            columns.add(f.column());
            columnTypes.add(columnType);
            castTypes.add(castType(table, f, columnType, category));
        }
        reportKeyMismatch(schema, table);
        List<String> conflictKey = List.of();
        boolean update = false;
        if (!primaryKeyFields.isEmpty() && schema.hasKey(primaryKeyFields)) {
            for (String k : primaryKeyFields) {
                if (row.field(k) == null) {
                    throw WarehouseException.data("row for table \"" + table + "\" has no value for primary key field \"" + k + "\"");
                }
            }
            conflictKey = primaryKeyFields;
            update = true;
        } else if (row.field(TablePatcher.EVENT_ID_COLUMN) != null
                && schema.hasKey(List.of(TablePatcher.EVENT_ID_COLUMN))) {
            conflictKey = List.of(TablePatcher.EVENT_ID_COLUMN);
        } else if (warnedTables.add(table)) {
            LOG.warn("table {}.{} has no key on {}{}: writes to it are at-least-once (a replay can duplicate rows)",
                    session.schema(), table, primaryKeyFields.isEmpty() ? TablePatcher.EVENT_ID_COLUMN : primaryKeyFields,
                    row.field(TablePatcher.EVENT_ID_COLUMN) == null ? " or the row has no event id" : "");
        }
        Prepared prepared = new Prepared(row, columns, columnTypes, castTypes, values, conflictKey, update, dialect,
                session.schema());
        if (columns.isEmpty()) {
            prepared.sql(); // the dialect refuses an INSERT of no columns: as before, when the row is prepared
        }
        return prepared;
    }

    /**
     * A table whose primary key is not the configured {@code primary_key_fields} keeps its key (Luden
     * never alters keys, unlike Jitsu's PK diff); say so once per table, with what the writes do instead.
     */
    private void reportKeyMismatch(TableSchema schema, String table) {
        if (primaryKeyFields.isEmpty() || sameColumns(schema.primaryKey, primaryKeyFields) || !keyReportedTables.add(table)) {
            return;
        }
        String consequence = schema.hasKey(primaryKeyFields)
                ? "upserts use its unique key on " + primaryKeyFields
                : "rows are not upserted by " + primaryKeyFields;
        LOG.warn("table {}.{} has {} but primary_key_fields is {}: the key of an existing table is never changed; {}"
                        + " (to use the configured key, change the table's key or create the table anew)",
                session.schema(), table, schema.primaryKey.isEmpty() ? "no primary key" : "primary key " + schema.primaryKey,
                primaryKeyFields, consequence);
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        return a.size() == b.size() && new HashSet<>(a).equals(new HashSet<>(b));
    }

    /** The type the placeholder is cast to, or null for a plain {@code ?}. */
    private String castType(String table, Field f, String columnType, DataType category) throws WarehouseException {
        if (f.castType() != null) {
            if (!SqlTypeNames.isSafe(f.castType())) {
                throw WarehouseException.data("column \"" + f.column() + "\" of table \"" + table
                        + "\": cast type '" + f.castType() + "' is not a plain type name");
            }
            String castType = dialect.translateType(f.castType());
            if (sameKind(castType, columnType, category)) {
                return castType;
            }
            // the column has another kind and keeps it (SPEC §9): the value is already converted exactly
            // to it, and a cast to the explicit type could round it (3.7 → bigint 4) or not assign at all
        }
        // a type we don't categorise (json, uuid, date, …): let the database check the text
        return category == null ? columnType : dialect.valueCast(columnType, category);
    }

    private DataType category(String sqlType) {
        if (sqlType == null) {
            return dialect.category(null);
        }
        java.util.Optional<DataType> known = categories.get(sqlType);
        if (known == null) {
            known = java.util.Optional.ofNullable(dialect.category(sqlType));
            if (categories.size() >= 1_000) {
                categories.clear(); // explicit types come from events: never let them grow this without bound
            }
            categories.put(sqlType, known);
        }
        return known.orElse(null);
    }

    /** The cast type stores the same kind of value as the column: same category, or the same uncategorised type. */
    private boolean sameKind(String castType, String columnType, DataType columnCategory) {
        DataType castCategory = category(castType);
        if (castCategory != null || columnCategory != null) {
            return castCategory == columnCategory;
        }
        return SqlTypeNames.base(castType).equals(SqlTypeNames.base(columnType));
    }

    /** Binds a value as the single-row INSERT does (a {@link ValueConverter} result). */
    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof String) {
            ps.setString(index, (String) value);
        } else if (value instanceof Long) {
            ps.setLong(index, (Long) value);
        } else if (value instanceof Double) {
            ps.setDouble(index, (Double) value);
        } else if (value instanceof BigDecimal) {
            ps.setBigDecimal(index, (BigDecimal) value);
        } else if (value instanceof Boolean) {
            ps.setBoolean(index, (Boolean) value);
        } else if (value == null) {
            ps.setNull(index, Types.NULL);
        } else {
            ps.setObject(index, value); // LocalDateTime / OffsetDateTime (JDBC 4.2)
        }
    }
}
