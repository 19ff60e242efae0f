package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.jdbc.SqlTypeNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * Guinsoo (GuinsooLab's fork of H2 2.0) and H2 2.0 over H2's TCP protocol ({@code jdbc:h2:tcp://host:port/db}).
 * Identifiers always double-quoted, so names are stored exactly as Luden makes them (lower case), whatever
 * the database's case setting. H2 has no {@code ON CONFLICT}: insert-or-do-nothing is a standard
 * {@code MERGE … WHEN NOT MATCHED THEN INSERT}, a single-row upsert H2's {@code MERGE … KEY (…)}.
 * This class serves {@code type: h2}; {@link GuinsooDialect} is the same writer as {@code type: guinsoo}.
 */
public class H2Dialect extends AbstractDialect {
    /** Under the class of the type in use, so a {@code guinsoo} destination logs as {@link GuinsooDialect}. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    public static final String H2_TYPE = "h2";
    /** H2's (and Guinsoo's) TCP server port. */
    public static final int DEFAULT_PORT = 9092;
    /** H2 2.0 refuses longer names (error 42622, "The maximum length is 256"). */
    public static final int MAX_COLUMN_NAME_LENGTH = 256;
    /** How long a statement waits for a lock another session holds (H2's default is 1 s); past it, retried later. */
    static final String LOCK_TIMEOUT_MS = "10000";

    /**
     * SPEC §8 in H2's own names (what INFORMATION_SCHEMA reports back). CHARACTER VARYING rather than
     * CHARACTER LARGE OBJECT: a CLOB cannot be in a unique key (the event id) and is compared slowly;
     * its limit is H2's 1,048,576 characters, and a longer value is refused (22001), never cut.
     * TIMESTAMP is TIMESTAMP(6) in H2: microseconds, as ValueConverter keeps them.
     */
    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "CHARACTER VARYING", DataType.INTEGER, "BIGINT", DataType.FLOAT, "DOUBLE PRECISION",
            DataType.TIMESTAMP, "TIMESTAMP", DataType.BOOLEAN, "BOOLEAN");

    /** H2's names that {@link SqlTypeNames} does not know, lower case. */
    private static final Map<String, DataType> MORE_CATEGORIES = Map.of(
            "character large object", DataType.STRING, "clob", DataType.STRING,
            "varchar_ignorecase", DataType.STRING, "decfloat", DataType.FLOAT);

    // unquoted names: the same in a database that upper-cases (H2's default) and one that lower-cases them
    private static final String COLUMNS_SQL = "SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE"
            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    // unique indexes, whether made by a constraint or by CREATE UNIQUE INDEX: what MERGE's ON can rely on
    private static final String KEYS_SQL = "SELECT I.INDEX_NAME, I.INDEX_TYPE_NAME, C.COLUMN_NAME"
            + " FROM INFORMATION_SCHEMA.INDEXES I JOIN INFORMATION_SCHEMA.INDEX_COLUMNS C"
            + " ON C.INDEX_SCHEMA = I.INDEX_SCHEMA AND C.INDEX_NAME = I.INDEX_NAME AND C.TABLE_NAME = I.TABLE_NAME"
            + " WHERE I.TABLE_SCHEMA = ? AND I.TABLE_NAME = ? AND I.INDEX_TYPE_NAME IN ('PRIMARY KEY', 'UNIQUE INDEX')"
            + " ORDER BY I.INDEX_TYPE_NAME, I.INDEX_NAME, C.ORDINAL_POSITION";

    /**
     * Values per bulk statement: the rows of a batch go as multi-row {@code VALUES} of this many
     * parameters at most. H2's TCP client sends a JDBC batch one statement per round trip, so rows per
     * statement is what makes a batch fast; the bound keeps the statement H2 parses (once per batch and
     * size) moderate. Chosen, not tuned: on the shared 2-core machine of this work, 100- and 500-row
     * statements measured within noise of each other.
     */
    static final int MAX_PARAMETERS_PER_STATEMENT = 2000;
    static final String TARGET = "luden_target";
    static final String SOURCE = "luden_source";

    @Override
    public String type() {
        return H2_TYPE;
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    /** H2's default schema; a database created with DATABASE_TO_LOWER=TRUE calls it {@code public} (name it then). */
    @Override
    public String defaultSchema() {
        return "PUBLIC";
    }

    /**
     * {@code jdbc:h2:tcp://host:port/db}: {@code db} is the database as the server names it ({@code luden},
     * {@code ~/luden}, {@code /data/luden}); its settings go in {@code parameters}, not after a {@code ;}.
     */
    @Override
    public String jdbcUrl(ConnectionSettings s) {
        String db = s.db();
        if (db == null || db.isBlank()) {
            throw new IllegalArgumentException(s.type() + " destination needs datasource.db (the database on the server)");
        }
        if (db.indexOf(';') >= 0) {
            throw new IllegalArgumentException(s.type() + " datasource.db must be the database name only, got '" + db
                    + "'; put H2 settings in datasource.parameters");
        }
        String host = s.host() == null || s.host().isBlank() ? "localhost" : s.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // IPv6 literal
        }
        int port = s.port() == null ? DEFAULT_PORT : s.port();
        return "jdbc:h2:tcp://" + host + ":" + port + "/" + db;
    }

    /**
     * User, password, a lock timeout (overridable) and the datasource's parameters as H2 connection
     * settings (H2 ignores names it does not know when they come as properties).
     */
    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        p.setProperty("LOCK_TIMEOUT", LOCK_TIMEOUT_MS);
        s.parameters().forEach(p::setProperty);
        p.setProperty("user", s.username() == null ? "" : s.username());
        p.setProperty("password", s.password() == null ? "" : s.password());
        return p;
    }

    /**
     * H2 runs ADD COLUMN by copying the table to a new one, dropping the old and renaming the copy, and
     * it does not hold back other sessions for all of it: a concurrent INSERT from another connection
     * (another subtask of the job) can fail with "table not found" or, measured, land in the dropped
     * table and be lost. Exclusive mode pauses every other session's statements until the DDL is done;
     * it needs the user to have ADMIN rights (see the README), and ends with the epilogue or the connection.
     */
    @Override
    public List<String> ddlPreamble() {
        return List.of("SET EXCLUSIVE 1");
    }

    @Override
    public List<String> ddlEpilogue() {
        return List.of("SET EXCLUSIVE 0");
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    /**
     * Jitsu's names as {@link io.luden.stream.sinks.Dialect#translateType} says, and {@code text} (PostgreSQL's
     * string type, common in Jitsu configs) as {@code CHARACTER VARYING}: H2 reads TEXT as a CLOB, which
     * cannot be in a key. Write {@code CHARACTER LARGE OBJECT} for a CLOB.
     */
    @Override
    public String translateType(String type) {
        if (type != null && type.strip().equalsIgnoreCase("text")) {
            return sqlType(DataType.STRING);
        }
        return super.translateType(type);
    }

    @Override
    public DataType category(String sqlType) {
        DataType known = SqlTypeNames.category(sqlType);
        return known != null || sqlType == null ? known : MORE_CATEGORIES.get(SqlTypeNames.base(sqlType));
    }

    /** A JSON column takes the text as JSON ({@code FORMAT JSON}); a CAST would store it as one JSON string. */
    @Override
    public String castPlaceholder(String sqlType) {
        return SqlTypeNames.base(sqlType).equals("json") ? "? FORMAT JSON" : super.castPlaceholder(sqlType);
    }

    /**
     * Plain INSERT without a key; with a key to do nothing on, {@code MERGE … USING (VALUES …) … WHEN NOT
     * MATCHED THEN INSERT}; an upsert, {@code MERGE INTO t (columns) KEY (key) VALUES (…)}, which updates
     * only the row's columns and keeps the others.
     */
    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (columns.size() != placeholders.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("INSERT into " + table + " needs one placeholder per column, got "
                    + columns + " / " + placeholders);
        }
        String values = "(" + String.join(", ", placeholders) + ")";
        if (conflictKey.isEmpty()) {
            return "INSERT INTO " + qualified(schema, table) + " (" + quotedList(columns) + ") VALUES " + values;
        }
        if (updateOnConflict) {
            return "MERGE INTO " + qualified(schema, table) + " (" + quotedList(columns) + ") KEY ("
                    + quotedList(conflictKey) + ") VALUES " + values;
        }
        return merge(schema, table, columns, conflictKey, false, values);
    }

    /**
     * {@code MERGE INTO target USING (VALUES rows) AS luden_source (c1, …) ON key WHEN [MATCHED THEN UPDATE
     * …] NOT MATCHED THEN INSERT}: source columns are positional, so no user identifier is needed in them.
     * With {@code update}, each non-key column becomes {@code COALESCE(source, target)}: a null in a bulk
     * row means only "this row has no such column" (row values are never null), so the value is kept.
     */
    String merge(String schema, String table, List<String> columns, List<String> key, boolean update, String rows) {
        List<String> source = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            source.add(stagingColumn(i));
        }
        StringJoiner on = new StringJoiner(" AND ");
        for (String k : key) {
            on.add(TARGET + "." + quote(k) + " = " + SOURCE + "." + source.get(columns.indexOf(k)));
        }
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(qualified(schema, table)).append(" AS ").append(TARGET)
                .append(" USING (VALUES ").append(rows).append(") AS ").append(SOURCE)
                .append(" (").append(String.join(", ", source)).append(") ON ").append(on);
        if (update) {
            StringJoiner set = new StringJoiner(", ");
            for (int i = 0; i < columns.size(); i++) {
                if (!key.contains(columns.get(i))) {
                    String c = quote(columns.get(i));
                    set.add(c + " = COALESCE(" + SOURCE + "." + source.get(i) + ", " + TARGET + "." + c + ")");
                }
            }
            if (set.length() > 0) {
                sql.append(" WHEN MATCHED THEN UPDATE SET ").append(set);
            }
        }
        StringJoiner inserted = new StringJoiner(", ");
        source.forEach(c -> inserted.add(SOURCE + "." + c));
        return sql.append(" WHEN NOT MATCHED THEN INSERT (").append(quotedList(columns)).append(") VALUES (")
                .append(inserted).append(')').toString();
    }

    /**
     * A uniform batch as multi-row statements of {@link #MAX_PARAMETERS_PER_STATEMENT} values at most:
     * a plain insert as {@code INSERT … VALUES (…), (…)}; insert-or-do-nothing first the same way (a
     * replay is rare, and a plain INSERT costs H2 about half a MERGE), and when it meets a key already
     * there (23505), written again by {@code MERGE … WHEN NOT MATCHED}; an upsert always the MERGE.
     * Values are bound as the single-row INSERT binds them, behind the same casts. Other batches:
     * the rows' own statements.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (!batch.isUniform() || batch.rows().size() < 2) {
            batch.executeStatements(connection);
            return;
        }
        if (!batch.update()) {
            try {
                write(connection, batch, false);
                log.debug("copied {} rows into {}.{}", batch.rows().size(), batch.schema(), batch.table());
                return;
            } catch (SQLException e) {
                if (batch.conflictKey().isEmpty() || isConnectionError(e) || !H2Errors.anyH2Code(e, H2Errors.DUPLICATE_KEY)) {
                    throw e;
                }
                // some row is there already (a replay): the MERGE decides which. Nothing to undo: H2 rolls
                // the failed statement back, and rows of earlier statements are this batch's own, which
                // the MERGE then leaves as they are
                log.debug("INSERT into {}.{} met a key already there, merging instead: {}", batch.schema(),
                        batch.table(), SqlErrors.message(e));
            }
        }
        write(connection, batch, true);
        log.debug("staged {} rows for {}.{} through MERGE", batch.rows().size(), batch.schema(), batch.table());
    }

    /** Rows per bulk statement for this batch's columns: {@link #MAX_PARAMETERS_PER_STATEMENT} values at most. */
    static int rowsPerStatement(BatchInsert batch) {
        return Math.max(1, MAX_PARAMETERS_PER_STATEMENT / batch.columns().size());
    }

    /** The batch's rows in chunks, as INSERT ({@code merge} false) or MERGE; checks that each row was written. */
    private void write(Connection connection, BatchInsert batch, boolean merge) throws SQLException {
        List<BatchInsert.Column> columns = batch.columns();
        List<String> names = new ArrayList<>(columns.size());
        StringJoiner one = new StringJoiner(", ", "(", ")");
        for (BatchInsert.Column c : columns) {
            names.add(c.name);
            one.add(c.castType == null ? "?" : castPlaceholder(c.castType));
        }
        int perStatement = rowsPerStatement(batch);
        List<Object[]> rows = batch.rows();
        PreparedStatement full = null;
        try {
            for (int from = 0; from < rows.size(); from += perStatement) {
                int n = Math.min(perStatement, rows.size() - from);
                PreparedStatement ps;
                if (n == perStatement && full != null) {
                    ps = full;
                } else {
                    String values = String.join(", ", java.util.Collections.nCopies(n, one.toString()));
                    String sql = merge ? merge(batch.schema(), batch.table(), names, batch.conflictKey(), batch.update(), values)
                            : "INSERT INTO " + qualified(batch.schema(), batch.table()) + " (" + quotedList(names)
                            + ") VALUES " + values;
                    ps = connection.prepareStatement(sql);
                    if (n == perStatement) {
                        full = ps;
                    }
                }
                try {
                    int at = 1;
                    for (int r = from; r < from + n; r++) {
                        for (Object v : rows.get(r)) {
                            RowInserter.bind(ps, at++, v);
                        }
                    }
                    long written = ps.executeLargeUpdate();
                    // a MERGE that only inserts (do-nothing, or an upsert of key columns only) writes fewer when
                    // rows are there; otherwise each row is inserted or updated
                    boolean checkable = !merge || (batch.update() && names.stream().anyMatch(c -> !batch.conflictKey().contains(c)));
                    if (checkable && written != n) {
                        throw new SQLException("bulk write into table \"" + batch.table() + "\" wrote " + written
                                + " of " + n + " rows: two rows share a key", "21000");
                    }
                } finally {
                    if (ps != full) {
                        ps.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    /** A single-row write is a plain INSERT first: H2 runs it at about twice the MERGE's rate. */
    @Override
    public boolean plainInsertFirst() {
        return true;
    }

    /** Only a duplicate key (23505) makes the MERGE worth trying; NOT NULL or CHECK would fail it alike. */
    @Override
    public boolean isConstraintViolation(SQLException e) {
        return H2Errors.anyH2Code(e, H2Errors.DUPLICATE_KEY);
    }

    /**
     * Columns from INFORMATION_SCHEMA.COLUMNS: {@code DATA_TYPE} as the database spells it, with precision
     * and scale for NUMERIC/DECIMAL (ValueConverter needs the scale); keys from its unique indexes.
     */
    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), columnType(rs.getString(2), (Number) rs.getObject(3),
                            (Number) rs.getObject(4)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        Keys keys = readKeys(connection, KEYS_SQL, schema, table);
        return new TableSchema(table, columns, keys.primaryKey, keys.uniqueKeys);
    }

    /** {@code NUMERIC} → {@code NUMERIC(12,4)}; other types as reported. */
    static String columnType(String dataType, Number precision, Number scale) {
        String base = dataType.strip().toLowerCase(Locale.ROOT);
        if ((base.equals("numeric") || base.equals("decimal")) && precision != null && scale != null) {
            return dataType + "(" + precision.intValue() + "," + scale.intValue() + ")";
        }
        return dataType;
    }

    /** {@link AbstractDialect#isConnectionError} (types, 08xxx, 40001) or an H2 code of {@link H2Errors#CONNECTION_CODES}. */
    @Override
    public boolean isConnectionError(SQLException e) {
        return super.isConnectionError(e) || H2Errors.anyH2Code(e, H2Errors.CONNECTION_CODES);
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return H2Errors.anyH2Code(e, H2Errors.ALREADY_EXISTS_CODES);
    }
}
