package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.SqlErrors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/** DuckDB, a database file on local disk ({@code datasource.path}); schema from duckdb_columns()/duckdb_constraints(). */
public final class DuckDbDialect extends AbstractDialect {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbDialect.class);

    /**
     * DuckDB itself has no identifier length limit; 255 is the common catalog limit elsewhere
     * (file names, most SQL tools), so folded names stay portable and a hostile key cannot make a huge name.
     */
    public static final int MAX_COLUMN_NAME_LENGTH = 255;

    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "VARCHAR", DataType.INTEGER, "BIGINT", DataType.FLOAT, "DOUBLE",
            DataType.TIMESTAMP, "TIMESTAMP", DataType.BOOLEAN, "BOOLEAN");

    private static final String COLUMNS_SQL = "SELECT column_name, data_type FROM duckdb_columns()"
            + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index";
    private static final String KEYS_SQL = "SELECT constraint_type, constraint_column_names FROM duckdb_constraints()"
            + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ?"
            + " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY constraint_index";

    /**
     * DuckDB's error TYPES (its C++ {@code ExceptionType}) that mean "the database file or the
     * transaction, not the row": IO (the file: lock held by another process, not a DuckDB file, disk),
     * Connection, TransactionContext (optimistic-concurrency conflicts with another connection — two
     * destinations on one file — and catalog write-write conflicts), INTERRUPT (a query timeout or an
     * interrupt), Out of Memory, FATAL (the database was invalidated and must be reopened).
     *
     * <p>Why the message: DuckDB's JDBC driver (1.4) has no SQLStates, no error codes and throws plain
     * {@code java.sql.SQLException} (only {@code SQLTimeoutException} for a query timeout); the one
     * place the error type is exposed is the message's fixed prefix {@code "<Type> Error: "}, which
     * DuckDB writes from {@code ExceptionTypeToString(type)}. So the prefix's type name is read and
     * compared exactly with these names — never words elsewhere in the message.
     */
    static final Set<String> CONNECTION_ERROR_TYPES =
            Set.of("IO", "Connection", "TransactionContext", "INTERRUPT", "Out of Memory", "FATAL");
    private static final String TYPE_SUFFIX = " Error: ";
    /** Longest DuckDB error type name is about 25 characters; a longer prefix is not a type. */
    private static final int MAX_TYPE_LENGTH = 40;

    /**
     * Batches of fewer rows are the rows' own INSERTs (in one transaction); from this many, the
     * appender. DuckDB runs a prepared INSERT … ON CONFLICT at a few milliseconds a row even inside a
     * transaction, so the appender wins from two rows on. Measured (file database, 20-column rows, ms
     * per batch, rows' INSERTs / appender): 2 rows 10.4 / 10.1, 5 rows 20 / 10, 20 rows 73 / 14,
     * 200 rows 884 / 31. A batch of one row is never here: it is the single-row INSERT.
     */
    static final int APPENDER_MIN_ROWS = 2;
    /** The staging table: a temporary table of this connection, created and dropped inside the transaction. */
    static final String STAGING_NAME = "luden_staging";
    static final String STAGING = "temp.main." + STAGING_NAME;

    @Override
    public String type() {
        return "duckdb";
    }

    /**
     * The appender into a temporary staging table whose columns have the types the single-row INSERT
     * binds (VARCHAR, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, TIMESTAMPTZ; a decimal as its text, which the
     * INSERT casts to the column's DECIMAL as it casts a bound one — the appender itself only takes a
     * decimal of the staging column's exact scale), then one {@code INSERT … SELECT … ON CONFLICT}
     * ({@link AbstractDialect#insertFromStaging}). DuckDB (1.4) resolves two rows of one key inside
     * one {@code ON CONFLICT DO UPDATE} by keeping the first without an error, which is why duplicates
     * are merged before ({@link BatchInsert}) and the row count checked after. The staging table is
     * created first: the appender does not begin the transaction itself, so appending before any
     * statement would commit on its own. Small or non-uniform batches: the rows' own INSERTs.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (!batch.isUniform() || batch.rows().size() < APPENDER_MIN_ROWS) {
            batch.executeStatements(connection);
            return;
        }
        List<BatchInsert.Column> columns = batch.columns();
        StringJoiner staging = new StringJoiner(", ", "CREATE TEMP TABLE " + STAGING_NAME + " (", ")");
        for (int i = 0; i < columns.size(); i++) {
            staging.add(stagingColumn(i) + " " + stagingType(columns.get(i).valueType));
        }
        try (Statement st = connection.createStatement()) {
            st.execute(staging.toString());
        }
        try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", STAGING_NAME)) {
            for (Object[] row : batch.rows()) {
                appender.beginRow();
                for (Object v : row) {
                    append(appender, v);
                }
                appender.endRow();
            }
        }
        try (Statement st = connection.createStatement()) {
            // DuckDB 1.4 leaves out a column the table does not have (dropped behind the cached schema)
            // from INSERT … SELECT … ON CONFLICT without an error — its values silently lost — where
            // INSERT … VALUES fails; naming the columns in a query first fails as the single-row INSERT does
            List<String> names = new ArrayList<>();
            columns.forEach(c -> names.add(c.name));
            st.executeQuery("SELECT " + quotedList(names) + " FROM " + qualified(batch.schema(), batch.table())
                    + " LIMIT 0").close();
        }
        insertFromStaging(connection, batch, STAGING);
        try (Statement st = connection.createStatement()) {
            st.execute("DROP TABLE " + STAGING);
        }
        LOG.debug("staged {} rows for {}.{} by the appender", batch.rows().size(), batch.schema(), batch.table());
    }

    /**
     * A decimal DuckDB's JDBC driver (1.4) does not bind as its value: one with a negative scale
     * ({@code 1E+5}) is refused, one of more than 38 digits is stored as NULL. ValueConverter gives a
     * decimal column's values at the column's scale and refuses what has more digits than it holds, so
     * none should reach here; should one, it goes alone through the single-row INSERT.
     */
    @Override
    public boolean bulkAccepts(Object value) {
        return !(value instanceof BigDecimal)
                || (((BigDecimal) value).scale() >= 0 && ((BigDecimal) value).precision() <= MAX_DECIMAL_DIGITS);
    }

    /** The most digits a DuckDB DECIMAL has. */
    static final int MAX_DECIMAL_DIGITS = 38;

    static String stagingType(Class<?> type) {
        if (type == String.class || type == BigDecimal.class) {
            return "VARCHAR";
        } else if (type == Long.class) {
            return "BIGINT";
        } else if (type == Double.class) {
            return "DOUBLE";
        } else if (type == Boolean.class) {
            return "BOOLEAN";
        } else if (type == LocalDateTime.class) {
            return "TIMESTAMP";
        } else if (type == OffsetDateTime.class) {
            return "TIMESTAMPTZ";
        }
        throw new IllegalArgumentException("no staging type for " + type);
    }

    private static void append(DuckDBAppender appender, Object v) throws SQLException {
        if (v == null) {
            appender.appendNull();
        } else if (v instanceof String) {
            appender.append((String) v);
        } else if (v instanceof Long) {
            appender.append((long) (Long) v);
        } else if (v instanceof Double) {
            appender.append((double) (Double) v);
        } else if (v instanceof BigDecimal) {
            appender.append(v.toString());
        } else if (v instanceof Boolean) {
            appender.append((boolean) (Boolean) v);
        } else if (v instanceof LocalDateTime) {
            appender.append((LocalDateTime) v);
        } else if (v instanceof OffsetDateTime) {
            appender.append((OffsetDateTime) v);
        } else {
            throw new IllegalArgumentException("no appender value for " + v.getClass());
        }
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public String defaultSchema() {
        return "main";
    }

    @Override
    public String jdbcUrl(ConnectionSettings s) {
        return "jdbc:duckdb:" + file(s);
    }

    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        s.parameters().forEach(p::setProperty); // DuckDB configuration options, e.g. memory_limit, threads
        return p;
    }

    @Override
    public void beforeConnect(ConnectionSettings s) throws SQLException {
        Path parent = file(s).getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create directory " + parent + " for DuckDB file: " + e.getMessage(), "58030", e);
        }
    }

    /** One lock per database file in this JVM ({@link #writeLock}). */
    private static final java.util.concurrent.ConcurrentMap<Path, java.util.concurrent.locks.Lock> FILE_LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Writers of one DuckDB file in this JVM (two destinations on one file, tests) take turns: DuckDB
     * can crash the JVM when two connections insert into one table with a unique index at once (a
     * SIGSEGV seen here in the concurrent-DDL test; duckdb-java issue 175 reports the same), and its
     * concurrent writers conflict and retry anyway. Settings without a valid path get none; their
     * connect reports the path.
     */
    @Override
    public java.util.concurrent.locks.Lock writeLock(ConnectionSettings settings) {
        try {
            return FILE_LOCKS.computeIfAbsent(file(settings).normalize(),
                    p -> new java.util.concurrent.locks.ReentrantLock());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Path file(ConnectionSettings s) {
        if (s.path() == null || s.path().isBlank()) {
            throw new IllegalArgumentException("duckdb destination needs datasource.path (the database file)");
        }
        Path p = Path.of(s.path());
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("duckdb datasource.path must be absolute, got '" + s.path() + "'");
        }
        return p;
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = readColumns(connection, COLUMNS_SQL, schema, table);
        if (columns.isEmpty()) {
            return null;
        }
        List<String> primaryKey = new ArrayList<>();
        Set<String> uniqueKeys = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(KEYS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = names(rs.getArray(2));
                    if ("PRIMARY KEY".equals(rs.getString(1))) {
                        primaryKey = cols;
                    } else {
                        uniqueKeys.add(String.join(",", cols));
                    }
                }
            }
        }
        return new TableSchema(table, columns, primaryKey, new ArrayList<>(uniqueKeys));
    }

    private static List<String> names(Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /**
     * DuckDB runs a single-row {@code INSERT … ON CONFLICT DO NOTHING} 2–3× slower than the plain
     * INSERT (measured alone, file database, 20-column rows: 370–457 vs 761–1,237 rows/s), so a row
     * written on its own is inserted plainly and only a "Constraint" error repeats it with the clause.
     */
    @Override
    public boolean plainInsertFirst() {
        return true;
    }

    /** DuckDB's error type "Constraint" (duplicate key, NOT NULL, CHECK), read as {@link #isConnectionError} reads types. */
    @Override
    public boolean isConstraintViolation(SQLException e) {
        for (Throwable t : SqlErrors.chain(e)) {
            if (t instanceof SQLException && "Constraint".equals(errorType(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** {@link AbstractDialect#isConnectionError} (exception types), or a DuckDB error type of {@link #CONNECTION_ERROR_TYPES}. */
    @Override
    public boolean isConnectionError(SQLException e) {
        if (super.isConnectionError(e)) {
            return true;
        }
        for (Throwable t : SqlErrors.chain(e)) {
            String type = t instanceof SQLException ? errorType(t.getMessage()) : null;
            if (type != null && CONNECTION_ERROR_TYPES.contains(type)) { // Set.of rejects contains(null)
                return true;
            }
        }
        return false;
    }

    /** The error type DuckDB put in front of a message ({@code "IO"} of {@code "IO Error: …"}), or null. */
    static String errorType(String message) {
        if (message == null) {
            return null;
        }
        int end = message.indexOf(TYPE_SUFFIX);
        if (end <= 0 || end > MAX_TYPE_LENGTH) {
            return null;
        }
        String type = message.substring(0, end);
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(Character.isLetter(c) || c == ' ' || c == '_')) {
                return null;
            }
        }
        return type;
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("already exists") || message.contains("write-write conflict");
    }
}
