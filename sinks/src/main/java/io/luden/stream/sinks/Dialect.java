package io.luden.stream.sinks;

import io.luden.stream.sinks.jdbc.BatchInsert;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;

/**
 * One database's SQL: quoting, types, DDL, DML, schema read, error classes. Implementations are
 * found with {@link java.util.ServiceLoader} by {@link #type()} (see {@link Dialects}); they hold
 * no connection and no state.
 */
public interface Dialect {
    /** The destination {@code type:} this dialect serves, e.g. {@code postgres}, {@code duckdb}. */
    String type();

    /** Longest column name the database takes; longer names are folded (SPEC §8). */
    int maxColumnNameLength();

    /** Schema used when the datasource names none. */
    String defaultSchema();

    /**
     * JDBC URL for these settings (credentials go in the properties of {@link #connectionProperties}).
     * An {@link IllegalArgumentException} naming the setting when the settings cannot work.
     */
    String jdbcUrl(ConnectionSettings settings);

    Properties connectionProperties(ConnectionSettings settings);

    /**
     * A lock every writer of these settings' database in this JVM holds for each whole write, or null
     * (the default: the database copes with concurrent writers itself). For an engine that runs
     * inside the JVM and is not safe with concurrent writes to one table (DuckDB).
     */
    default java.util.concurrent.locks.Lock writeLock(ConnectionSettings settings) {
        return null;
    }

    /**
     * This dialect for one destination's settings, when its SQL depends on them (ClickHouse's table
     * engine and cluster); the default returns itself.
     */
    default Dialect configure(ConnectionSettings settings) {
        return this;
    }

    /** Work needed before the first connect, e.g. creating the directory of a database file. */
    default void beforeConnect(ConnectionSettings settings) throws SQLException {}

    /** Quote an identifier, escaping embedded quote characters. */
    String quote(String identifier);

    /** The SQL type of a value type, from SPEC §8's type map. */
    String sqlType(DataType type);

    /**
     * An explicit type (mapping {@code type}/{@code column_type}, {@code __sql_type_}) in this
     * database's terms: Jitsu's type names {@code string, integer, double, timestamp, boolean} (any
     * case, surrounding spaces ignored) become {@link #sqlType(DataType)} of STRING, INTEGER, FLOAT,
     * TIMESTAMP, BOOLEAN (so {@code integer} is {@code bigint} on Postgres, as in Jitsu); any other
     * type, and null, is returned unchanged.
     */
    default String translateType(String type) {
        if (type == null) {
            return null;
        }
        switch (type.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "string": return sqlType(DataType.STRING);
            case "integer": return sqlType(DataType.INTEGER);
            case "double": return sqlType(DataType.FLOAT);
            case "timestamp": return sqlType(DataType.TIMESTAMP);
            case "boolean": return sqlType(DataType.BOOLEAN);
            default: return type;
        }
    }

    /** What kind of value a column of this (warehouse-reported) SQL type holds; null when not one of ours. */
    DataType category(String sqlType);

    /** Statements run once when a destination starts (e.g. CREATE SCHEMA IF NOT EXISTS); may be empty. */
    List<String> prepareSchema(String schema);

    /** Statements run first inside every DDL transaction (e.g. Postgres {@code SET LOCAL lock_timeout}); may be empty. */
    default List<String> ddlPreamble() {
        return List.of();
    }

    /**
     * Statements run after every DDL transaction, committed or rolled back (e.g. undoing what
     * {@link #ddlPreamble} switched on for the session); a failure is logged, not thrown. May be empty.
     */
    default List<String> ddlEpilogue() {
        return List.of();
    }

    /** CREATE TABLE IF NOT EXISTS with these columns (name → SQL type, in order) and key. */
    String createTable(String schema, String table, LinkedHashMap<String, String> columns,
                       List<String> primaryKey, List<String> uniqueKey);

    /** ALTER TABLE … ADD COLUMN IF NOT EXISTS (nullable). */
    String addColumn(String schema, String table, String column, String sqlType);

    /**
     * The DDL adding {@code columns} (name → SQL type, in order) to a table, each statement run in its
     * own transaction. Default: one {@link #addColumn} each. A database where each ALTER is costly
     * (MySQL: a metadata lock and a commit each) adds them in one statement; a lost race then fails
     * it whole ("already exists") and the patcher's next round adds the rest.
     */
    default List<String> addColumns(String schema, String table, LinkedHashMap<String, String> columns) {
        List<String> statements = new java.util.ArrayList<>(columns.size());
        columns.forEach((column, type) -> statements.add(addColumn(schema, table, column, type)));
        return statements;
    }

    /**
     * INSERT of one row. {@code placeholders} holds, per column, the SQL for its value (a {@code ?}
     * possibly wrapped in a cast). {@code conflictKey} empty → plain insert; otherwise
     * {@code updateOnConflict} chooses upsert (update the other columns) or do-nothing.
     */
    String insert(String schema, String table, List<String> columns, List<String> placeholders,
                  List<String> conflictKey, boolean updateOnConflict);

    /**
     * Writes the rows of {@code batch} inside the caller's transaction ({@code connection} is not in
     * autocommit; this neither commits nor rolls back): the same end state as running
     * {@link BatchInsert#statements()} one after the other. Any failure is thrown as it is; the caller
     * rolls back and finds the rows at fault. Default: those statements through JDBC batches
     * ({@link BatchInsert#executeStatements}); a database with a faster bulk path (COPY, an appender)
     * overrides it, typically for uniform batches ({@link BatchInsert#isUniform()}) of some size only.
     */
    default void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        batch.executeStatements(connection);
    }

    /**
     * Whether {@link #insertBatch}'s bulk path can carry this (converted) value. A row with a value it
     * cannot carry is written on its own by the single-row INSERT instead, which gives that row the
     * outcome it always had (e.g. PostgreSQL refuses a NUL character in text, bound or copied alike).
     */
    default boolean bulkAccepts(Object value) {
        return true;
    }

    /**
     * Whether a single-row insert that must not duplicate its key is tried as a plain INSERT first,
     * and repeated with the conflict clause only when {@link #isConstraintViolation} says it hit a
     * constraint (then it is most likely there already). For a database whose conflict clause costs
     * much more than the insert itself (DuckDB: 2–3×). Only outside a transaction: a failed
     * statement must not abort the rows before it.
     */
    default boolean plainInsertFirst() {
        return false;
    }

    /**
     * Whether {@link #insert} can say what a conflict key means in its one statement ({@code ON CONFLICT},
     * {@code ON DUPLICATE KEY}). When not (keys not enforced, e.g. Redshift), a single row with a conflict
     * key is written by {@link #insertBatch} as a batch of one row, in its own transaction when autocommitted,
     * and {@link #insert} is only asked for plain INSERTs.
     */
    default boolean insertHandlesConflicts() {
        return true;
    }

    /** The statement broke a constraint of the table (unique key, not null, check…); see {@link #plainInsertFirst}. */
    default boolean isConstraintViolation(SQLException e) {
        return false;
    }

    /**
     * The value a single-row INSERT binds for this converted value (a {@link ValueConverter} result);
     * the default binds it as it is. For a driver that cannot send a value type exactly (ClickHouse's
     * sends a timestamp as nanoseconds in an Int64), the form it can.
     */
    default Object bindable(Object value) {
        return value;
    }

    /**
     * The type a placeholder for a column of {@code columnType} (of one of our categories) is cast to
     * when no explicit type asks for one, or null for a plain {@code ?} (the default). For a database that
     * would otherwise convert the bound text itself and quietly (ClickHouse stores NULL for text a Nullable
     * column's type cannot parse).
     */
    default String valueCast(String columnType, DataType category) {
        return null;
    }

    /** A placeholder cast to {@code sqlType}, e.g. {@code CAST(? AS timestamp)}. */
    String castPlaceholder(String sqlType);

    /** The table as the warehouse has it now, or null when it does not exist. */
    TableSchema readSchema(Connection connection, String schema, String table) throws SQLException;

    /**
     * The text of a database error for a row's {@code failed} reason and the logs. Default:
     * {@link io.luden.stream.sinks.jdbc.SqlErrors#message}; a driver that prefixes per-connection
     * noise (MariaDB Connector/J's {@code (conn=123)}) drops it, so one error reads the same whichever
     * connection met it.
     */
    default String errorMessage(SQLException e) {
        return io.luden.stream.sinks.jdbc.SqlErrors.message(e);
    }

    /** The warehouse could not be reached (down, network, timeout): retry later, do not fail the event. */
    boolean isConnectionError(SQLException e);

    /** A CREATE / ADD COLUMN lost a race with another writer: the object exists, which is success. */
    boolean isAlreadyExists(SQLException e);
}
