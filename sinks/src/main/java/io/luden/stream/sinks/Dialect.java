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

    /** CREATE TABLE IF NOT EXISTS with these columns (name → SQL type, in order) and key. */
    String createTable(String schema, String table, LinkedHashMap<String, String> columns,
                       List<String> primaryKey, List<String> uniqueKey);

    /** ALTER TABLE … ADD COLUMN IF NOT EXISTS (nullable). */
    String addColumn(String schema, String table, String column, String sqlType);

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

    /** The statement broke a constraint of the table (unique key, not null, check…); see {@link #plainInsertFirst}. */
    default boolean isConstraintViolation(SQLException e) {
        return false;
    }

    /**
     * Binds a converted value ({@link ValueConverter}'s classes) to a single-row INSERT's placeholder.
     * Default: {@link io.luden.stream.sinks.jdbc.RowInserter#bind}; a driver that cannot take a
     * value class as JDBC 4.2 says (snowflake-jdbc refuses {@code LocalDateTime}) binds it its own way.
     */
    default void bind(java.sql.PreparedStatement ps, int index, Object value) throws SQLException {
        io.luden.stream.sinks.jdbc.RowInserter.bind(ps, index, value);
    }

    /** A placeholder cast to {@code sqlType}, e.g. {@code CAST(? AS timestamp)}. */
    String castPlaceholder(String sqlType);

    /** The table as the warehouse has it now, or null when it does not exist. */
    TableSchema readSchema(Connection connection, String schema, String table) throws SQLException;

    /** The warehouse could not be reached (down, network, timeout): retry later, do not fail the event. */
    boolean isConnectionError(SQLException e);

    /** A CREATE / ADD COLUMN lost a race with another writer: the object exists, which is success. */
    boolean isAlreadyExists(SQLException e);
}
