package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.postgres.PostgresDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Amazon Redshift through its own JDBC driver. Redshift does not enforce primary or unique keys (they
 * are declared, and only inform its planner) and has no {@code ON CONFLICT}, so a keyed write is a
 * staged batch in one transaction: the rows go into a temporary table by multi-row INSERT, then
 * {@code UPDATE … FROM} the staging table (upserts only) and {@code INSERT … SELECT … WHERE NOT EXISTS}
 * (see {@link RedshiftBulkWrite}). COPY, Redshift's own bulk load, reads only from S3 and the like,
 * which a stream loader does not have.
 *
 * <p>Identifiers: Redshift folds even quoted identifiers to lower case (unless the cluster sets
 * {@code enable_case_sensitive_identifier}), so they are lower-cased here, the same on every cluster.
 */
public final class RedshiftDialect extends AbstractDialect {
    public static final int DEFAULT_PORT = 5439;
    /** Jitsu's limit (Redshift takes 127 bytes; Luden's names are ASCII). */
    public static final int MAX_COLUMN_NAME_LENGTH = 115;

    /** Duplicate table, column, schema, object. */
    private static final Set<String> ALREADY_EXISTS_STATES = Set.of("42P07", "42701", "42P06", "42710");
    private static final String UNIQUE_VIOLATION = "23505";

    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "character varying(65535)", DataType.INTEGER, "bigint",
            DataType.FLOAT, "double precision", DataType.TIMESTAMP, "timestamp", DataType.BOOLEAN, "boolean");

    // pg_catalog tables Redshift keeps from PostgreSQL; format_type gives castable names (character varying(65535))
    private static final String COLUMNS_SQL = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'v')"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    // declared keys (Redshift has no indexes): what the staged write checks rows against
    private static final String KEYS_SQL = "SELECT tc.constraint_name, tc.constraint_type, k.column_name"
            + " FROM information_schema.table_constraints tc"
            + " JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema"
            + " AND k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema"
            + " AND k.table_name = tc.table_name"
            + " WHERE tc.table_schema = ? AND tc.table_name = ? AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
            + " ORDER BY tc.constraint_type, tc.constraint_name, k.ordinal_position";

    @Override
    public String type() {
        return "redshift";
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public String defaultSchema() {
        return "public";
    }

    @Override
    public String jdbcUrl(ConnectionSettings s) {
        if (s.host() == null || s.host().isBlank()) {
            throw new IllegalArgumentException("redshift destination needs datasource.host");
        }
        if (s.db() == null || s.db().isBlank()) {
            throw new IllegalArgumentException("redshift destination needs datasource.db");
        }
        return PostgresDialect.serverUrl("jdbc:redshift", s.host(), s.port() == null ? DEFAULT_PORT : s.port(), s.db());
    }

    /** PostgreSQL's ({@link PostgresDialect#driverProperties}), with a bounded login as well. */
    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        return PostgresDialect.driverProperties(s, Map.of("loginTimeout", "30"));
    }

    /** Double-quoted, embedded quotes doubled, lower case (what Redshift makes of a quoted identifier anyway). */
    @Override
    public String quote(String identifier) {
        return super.quote(fold(identifier));
    }

    /** An identifier as Redshift stores it. */
    static String fold(String identifier) {
        return identifier.toLowerCase(Locale.ROOT);
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    /**
     * Jitsu's names as {@link io.luden.stream.sinks.Dialect#translateType}; and {@code text}, which Redshift
     * would make a {@code VARCHAR(256)} (longer strings refused), is its widest string type instead.
     */
    @Override
    public String translateType(String type) {
        if (type != null && type.strip().equalsIgnoreCase("text")) {
            return sqlType(DataType.STRING);
        }
        return super.translateType(type);
    }

    /** Redshift has no {@code ADD COLUMN IF NOT EXISTS}: a column added meanwhile is "already exists" (42701). */
    @Override
    public String addColumn(String schema, String table, String column, String sqlType) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN " + quote(column) + " " + sqlType;
    }

    /**
     * A plain INSERT. Redshift has no conflict clause: keyed rows never come here
     * ({@link #insertHandlesConflicts()}), they are staged by {@link #insertBatch}.
     */
    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (!conflictKey.isEmpty()) {
            throw new UnsupportedOperationException("Redshift has no conflict clause; a row keyed by " + conflictKey
                    + " for table " + table + " is written by the staged batch");
        }
        return super.insert(schema, table, columns, placeholders, List.of(), false);
    }

    @Override
    public boolean insertHandlesConflicts() {
        return false;
    }

    /**
     * A batch without a key: one multi-row INSERT straight into the table. With a key: staged
     * ({@link RedshiftBulkWrite}). Rows that do not agree on their columns' casts are staged one by one.
     * All in the caller's transaction.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (batch.isUniform()) {
            new RedshiftBulkWrite(this, batch).run(connection);
            return;
        }
        for (RowInserter.Prepared row : batch.statements()) {
            new RedshiftBulkWrite(this, BatchInsert.of(batch.schema(), batch.table(), List.of(row))).run(connection);
        }
    }

    /** A NUL cannot be in the engine's text (bound or staged alike); such a row is written, and refused, alone. */
    @Override
    public boolean bulkAccepts(Object value) {
        return !(value instanceof String) || ((String) value).indexOf('\0') < 0;
    }

    // for RedshiftBulkWrite, which lives next to it
    String qualifiedName(String schema, String table) {
        return qualified(schema, table);
    }

    String quoted(List<String> identifiers) {
        return quotedList(identifiers);
    }

    String cast(String expression, String sqlType) {
        return castExpression(expression, sqlType);
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = readColumns(connection, COLUMNS_SQL, fold(schema), fold(table));
        if (columns.isEmpty()) {
            return null;
        }
        Keys keys = readKeys(connection, KEYS_SQL, fold(schema), fold(table));
        return new TableSchema(table, columns, keys.primaryKey, keys.uniqueKeys);
    }

    /**
     * As PostgreSQL's ({@link PostgresDialect#isTransientState}): the driver, a pgjdbc descendant, sets the
     * server's SQLState on every error and reports its own I/O failures as 08xxx with the socket exception as
     * the cause. Redshift uses the same states: 40001 for its serializable isolation violation, 57014 for a
     * query a WLM timeout or abort cancelled, 53xxx when out of resources, 25006 during a resize or fail-over.
     */
    @Override
    public boolean isConnectionError(SQLException e) {
        return super.isConnectionError(e) || SqlErrors.anySqlState(e, PostgresDialect::isTransientState);
    }

    /**
     * Duplicate table / column / schema / object; and a unique violation, which a CREATE or ADD COLUMN
     * (the only statements asked about) can only get from the catalog's own indexes when another session
     * creates the same object at the same moment (no user row is written by DDL).
     */
    @Override
    public boolean isAlreadyExists(SQLException e) {
        String state = e.getSQLState();
        return state != null && (ALREADY_EXISTS_STATES.contains(state) || state.equals(UNIQUE_VIOLATION));
    }
}
