package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.WarehouseException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * SPEC §1 steps 5–6: finds a table's schema (cache, else warehouse), creates the table when it is
 * missing and adds the columns it lacks. Only CREATE and nullable ADD COLUMN: never drops, never
 * changes a type. Columns are given as a collection so a batch of rows can pass their union.
 */
public final class TablePatcher {
    /** The event-id column; a unique key on it makes replays idempotent. */
    public static final String EVENT_ID_COLUMN = "eventn_ctx_event_id";
    /** DDL rounds before giving up; more than one only when concurrent writers keep colliding. */
    static final int MAX_DDL_ROUNDS = 3;

    /** New column names named in a max_columns refusal. */
    static final int NAMED_NEW_COLUMNS = 5;
    /** Longer column names are cut in that refusal's message (a hostile key can be long). */
    static final int NAMED_COLUMN_MAX_LENGTH = 64;

    private final JdbcSession session;
    private final Dialect dialect;
    private final List<String> primaryKeyFields;
    private final int maxColumns;

    /**
     * @param maxColumns the most columns a table may get through this patcher ({@code data_layout.max_columns}, ≥ 1):
     *        a CREATE or ADD COLUMNs that would go past it is refused as DATA before any DDL runs
     */
    public TablePatcher(JdbcSession session, Dialect dialect, List<String> primaryKeyFields, int maxColumns) {
        if (maxColumns < 1) {
            throw new IllegalArgumentException("max_columns must be at least 1, got " + maxColumns);
        }
        this.session = session;
        this.dialect = dialect;
        this.primaryKeyFields = List.copyOf(primaryKeyFields);
        this.maxColumns = maxColumns;
    }

    /**
     * The schema of {@code table} once it has every column in {@code fields}. With {@code fresh},
     * the cache is not consulted (the caller suspects it is stale).
     */
    public TableSchema ensure(String table, Collection<Field> fields, SchemaCache cache, boolean fresh)
            throws SQLException, WarehouseException {
        TableSchema schema = fresh ? null : cached(cache, table);
        if (schema == null) {
            schema = session.readSchema(table);
            if (schema != null) {
                put(cache, table, schema);
            }
        }
        // a lost race ("already exists", DuckDB's write-write conflict) may concern another column: look again
        for (int round = 1; ; round++) {
            List<Field> missing = schema == null ? List.copyOf(fields) : missing(schema, fields);
            if (missing.isEmpty()) {
                return schema;
            }
            if (round > MAX_DDL_ROUNDS) {
                throw schema == null
                        ? WarehouseException.data("table \"" + table + "\" in schema \"" + session.schema()
                                + "\" does not exist after CREATE TABLE")
                        : WarehouseException.data("column \"" + missing.get(0).column() + "\" of table \"" + table
                                + "\" is still missing after ADD COLUMN");
            }
            checkMaxColumns(table, schema, missing);
            if (schema == null) {
                create(table, fields);
            } else {
                LinkedHashMap<String, String> added = new LinkedHashMap<>();
                for (Field f : missing) {
                    added.put(f.column(), ddlType(table, f));
                }
                for (String sql : dialect.addColumns(session.schema(), table, added)) {
                    session.ddl(sql);
                }
            }
            schema = session.readSchema(table);
            if (schema != null) {
                put(cache, table, schema);
            }
        }
    }

    /**
     * Refuses (DATA) a CREATE or ADD COLUMNs that would give {@code table} more than {@link #maxColumns}
     * columns; {@code missing} are the row's columns the table lacks (all of them when it does not exist).
     */
    private void checkMaxColumns(String table, TableSchema schema, List<Field> missing) throws WarehouseException {
        checkMaxColumns(table, schema, missing, maxColumns);
    }

    /** The same for any destination with tables (BigQuery's too): at most {@code maxColumns} columns. */
    public static void checkMaxColumns(String table, TableSchema schema, List<Field> missing, int maxColumns)
            throws WarehouseException {
        Set<String> added = new LinkedHashSet<>();
        missing.forEach(f -> added.add(f.column()));
        int existing = schema == null ? 0 : schema.columns.size();
        int total = existing + added.size();
        if (total <= maxColumns) {
            return;
        }
        StringJoiner names = new StringJoiner(", ");
        added.stream().limit(NAMED_NEW_COLUMNS).forEach(c -> names.add('"' + shortened(c) + '"'));
        if (added.size() > NAMED_NEW_COLUMNS) {
            names.add("…");
        }
        throw WarehouseException.data("table \"" + table + "\" would have " + total + " columns, more than"
                + " data_layout.max_columns " + maxColumns + " ("
                + (schema == null ? "new table" : existing + " existing + " + added.size() + " new")
                + "); new columns: " + names + "; nothing was created or altered");
    }

    private static String shortened(String column) {
        return column.length() <= NAMED_COLUMN_MAX_LENGTH ? column
                : column.substring(0, NAMED_COLUMN_MAX_LENGTH) + "…";
    }

    /** The {@code fields} whose column {@code schema} lacks, in order. */
    public static List<Field> missing(TableSchema schema, Collection<Field> fields) {
        List<Field> missing = new ArrayList<>();
        for (Field f : fields) {
            if (!schema.hasColumn(f.column())) {
                missing.add(f);
            }
        }
        return missing;
    }

    private void create(String table, Collection<Field> fields) throws SQLException, WarehouseException {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        for (Field f : fields) {
            columns.put(f.column(), ddlType(table, f));
        }
        List<String> primaryKey = List.of();
        List<String> uniqueKey = List.of();
        if (!primaryKeyFields.isEmpty()) {
            for (String k : primaryKeyFields) {
                if (!columns.containsKey(k)) {
                    throw WarehouseException.data("cannot create table \"" + table + "\": primary key field \""
                            + k + "\" is missing from the row");
                }
            }
            primaryKey = primaryKeyFields;
        } else if (columns.containsKey(EVENT_ID_COLUMN)) {
            uniqueKey = List.of(EVENT_ID_COLUMN);
        }
        session.ddl(dialect.createTable(session.schema(), table, columns, primaryKey, uniqueKey));
    }

    /** An explicit type (mapping or {@code __sql_type_}, Jitsu names translated) wins over the dialect's type map. */
    private String ddlType(String table, Field f) throws WarehouseException {
        if (f.sqlType() == null) {
            return dialect.sqlType(f.type());
        }
        if (!SqlTypeNames.isSafe(f.sqlType())) {
            throw WarehouseException.data("column \"" + f.column() + "\" of table \"" + table
                    + "\": explicit SQL type '" + f.sqlType() + "' is not a plain type name");
        }
        return dialect.translateType(f.sqlType());
    }

    // the cache is Flink state: if it fails the job must fail over, so these are not warehouse errors
    private static TableSchema cached(SchemaCache cache, String table) {
        try {
            return cache.get(table);
        } catch (Exception e) {
            throw new IllegalStateException("reading the cached schema of table " + table + " failed", e);
        }
    }

    private static void put(SchemaCache cache, String table, TableSchema schema) {
        try {
            cache.put(table, schema);
        } catch (Exception e) {
            throw new IllegalStateException("caching the schema of table " + table + " failed", e);
        }
    }
}
