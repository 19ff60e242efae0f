package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.SqlErrors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/** PostgreSQL through pgjdbc: types of SPEC §8, schema from pg_catalog, SQLState-based error classes. */
public final class PostgresDialect extends AbstractDialect {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresDialect.class);

    public static final int DEFAULT_PORT = 5432;
    /** Jitsu's limit: Postgres truncates at 63 bytes, 59 leaves room for its own suffixes. */
    public static final int MAX_COLUMN_NAME_LENGTH = 59;
    /** How long DDL waits for a table lock before giving up (and the event is retried later). */
    public static final String DDL_LOCK_TIMEOUT = "10s";

    /**
     * SQLStates (besides the standard class 08 and 40001 of {@link AbstractDialect#isConnectionError})
     * that mean "the server cannot take this now, try later": admin / crash shutdown and cannot-connect-now
     * (57P01-03), lock timeout (55P03), query canceled — statement timeout, pg_cancel_backend (57014),
     * deadlock (40P01), read-only transaction — a standby, or a primary demoted by a fail-over (25006).
     */
    static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "55P03", "57014", "40P01", "25006");
    /** Class 53, insufficient resources: disk full, out of memory, too many connections, configuration limit. */
    static final String INSUFFICIENT_RESOURCES_CLASS = "53";
    private static final Set<String> ALREADY_EXISTS_STATES = Set.of("42P07", "42701", "42P06", "42710");

    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "text", DataType.INTEGER, "bigint", DataType.FLOAT, "double precision",
            DataType.TIMESTAMP, "timestamp", DataType.BOOLEAN, "boolean");

    // format_type gives names that can be cast to (varchar(10), numeric(38,18), enum types), unlike information_schema
    private static final String COLUMNS_SQL = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
            + " FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    // unique indexes without predicate or expressions are exactly what ON CONFLICT (cols) can target
    private static final String KEYS_SQL = "SELECT i.indexrelid, CASE WHEN i.indisprimary THEN 'PRIMARY KEY' END, a.attname"
            + " FROM pg_catalog.pg_index i"
            + " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
            + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
            + " WHERE n.nspname = ? AND c.relname = ? AND i.indisunique AND i.indisvalid"
            + " AND i.indpred IS NULL AND i.indexprs IS NULL AND k.ord <= i.indnkeyatts"
            + " ORDER BY i.indisprimary DESC, i.indexrelid, k.ord";

    /**
     * Batches of fewer rows are the rows' own INSERTs in one JDBC batch (pgjdbc pipelines them); from
     * this many, COPY pays for its extra round trips. Measured (local server, 20-column rows, one
     * transaction per batch, ms per batch, JDBC batch / COPY straight in): 5 rows 0.60 / 0.94,
     * 10 rows 0.86 / 0.99, 20 rows 1.38 / 1.16, 50 rows 1.96 / 1.55, 200 rows 8.1 / 4.6.
     */
    static final int COPY_MIN_ROWS = 20;
    /** The staging table of a bulk write: temporary, dropped at the end of the transaction whatever its end. */
    static final String STAGING = "pg_temp.luden_staging";
    /** Characters of COPY text collected before they are sent. */
    private static final int COPY_CHUNK = 1 << 16;

    @Override
    public String type() {
        return "postgres";
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
        if (s.db() == null || s.db().isBlank()) {
            throw new IllegalArgumentException("postgres destination needs datasource.db");
        }
        String host = s.host() == null || s.host().isBlank() ? "localhost" : s.host();
        return serverUrl("jdbc:postgresql", host, s.port() == null ? DEFAULT_PORT : s.port(), s.db());
    }

    /** {@code scheme://host:port/db}: an IPv6 literal in brackets, the database name URL-encoded. */
    public static String serverUrl(String scheme, String host, int port, String db) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + "/" + URLEncoder.encode(db, StandardCharsets.UTF_8);
    }

    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        return driverProperties(s, Map.of());
    }

    /**
     * Connection properties of a pgjdbc-family driver (PostgreSQL's, Redshift's): bounded connect and read
     * (a silent network must not hang the subtask forever), keep-alive, the application name, then
     * {@code defaults}, then the datasource's parameters (which win; libpq's {@code connect_timeout}, used
     * in Jitsu configs, under the driver's name), user and password.
     */
    public static Properties driverProperties(ConnectionSettings s, Map<String, String> defaults) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "300");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "luden-stream");
        defaults.forEach(p::setProperty);
        for (Map.Entry<String, String> e : s.parameters().entrySet()) {
            p.setProperty(e.getKey().equals("connect_timeout") ? "connectTimeout" : e.getKey(), e.getValue());
        }
        if (s.username() != null) {
            p.setProperty("user", s.username());
        }
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return p;
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    @Override
    public List<String> ddlPreamble() {
        return List.of("SET LOCAL lock_timeout = '" + DDL_LOCK_TIMEOUT + "'");
    }

    /**
     * COPY (text format) of the batch, straight into the table when that is the same (see
     * {@link #copiesDirectly}), else into a temporary staging table whose columns have the types the
     * single-row INSERT binds (text, int8, float8, numeric, boolean, timestamp, timestamptz), then one
     * {@code INSERT … SELECT … ON CONFLICT} ({@link AbstractDialect#insertFromStaging}), so each value
     * reaches its column by the same cast and assignment as the bound parameter; all in the caller's
     * transaction. Small or non-uniform batches: the rows' own INSERTs.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (!batch.isUniform() || batch.rows().size() < COPY_MIN_ROWS) {
            batch.executeStatements(connection);
            return;
        }
        List<BatchInsert.Column> columns = batch.columns();
        if (copiesDirectly(batch)) {
            List<String> names = new ArrayList<>();
            columns.forEach(c -> names.add(c.name));
            String target = qualified(batch.schema(), batch.table()) + " (" + quotedList(names) + ")";
            if (batch.conflictKey().isEmpty()) {
                copy(connection, target, batch);
                LOG.debug("copied {} rows into {}.{}", batch.rows().size(), batch.schema(), batch.table());
                return;
            }
            Savepoint before = connection.setSavepoint();
            try {
                copy(connection, target, batch);
                LOG.debug("copied {} rows into {}.{}", batch.rows().size(), batch.schema(), batch.table());
                return;
            } catch (SQLException e) {
                if (isConnectionError(e)) {
                    throw e;
                }
                // most often a row already there (a replay): the staging path's ON CONFLICT decides
                connection.rollback(before);
                LOG.debug("COPY into {}.{} failed, going through staging: {}", batch.schema(), batch.table(),
                        SqlErrors.message(e));
            }
        }
        StringJoiner staging = new StringJoiner(", ", "CREATE TEMP TABLE " + STAGING + " (", ") ON COMMIT DROP");
        for (int i = 0; i < columns.size(); i++) {
            staging.add(stagingColumn(i) + " " + stagingType(columns.get(i).valueType));
        }
        try (Statement st = connection.createStatement()) {
            st.execute(staging.toString());
        }
        copy(connection, STAGING, batch);
        insertFromStaging(connection, batch, STAGING);
        LOG.debug("staged {} rows for {}.{} by COPY", batch.rows().size(), batch.schema(), batch.table());
    }

    /**
     * COPY straight into the table gives the same rows as INSERT … SELECT from staging when no value
     * needs a cast or an assignment to another type (each column has exactly the type the single-row
     * INSERT binds: a table Luden created) and the batch is a plain insert or an insert-or-do-nothing
     * (a conflict then fails the COPY, which is undone to a savepoint and the batch staged). Not for
     * upserts, where conflicts are the rule.
     */
    private static boolean copiesDirectly(BatchInsert batch) {
        if (batch.update()) {
            return false;
        }
        for (BatchInsert.Column c : batch.columns()) {
            if (c.castType != null || !c.columnType.equals(DIRECT_TYPES.get(c.valueType))) {
                return false;
            }
        }
        return true;
    }

    /** Value class → the column type (as format_type names it) a COPY of it straight into the table needs. */
    private static final Map<Class<?>, String> DIRECT_TYPES = Map.of(
            String.class, "text", Long.class, "bigint", Double.class, "double precision", BigDecimal.class, "numeric",
            Boolean.class, "boolean", LocalDateTime.class, "timestamp without time zone",
            OffsetDateTime.class, "timestamp with time zone");

    /** COPY (text format) of the batch's rows into {@code target} (a table, with its column list if needed). */
    private static void copy(Connection connection, String target, BatchInsert batch) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
        try {
            StringBuilder text = new StringBuilder(COPY_CHUNK + 4096);
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    copyText(text, row[i]);
                }
                text.append('\n');
                if (text.length() >= COPY_CHUNK) {
                    send(copy, text);
                }
            }
            send(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** NUL cannot be in PostgreSQL text at all (22021, bound or copied); such a row is written, and refused, alone. */
    @Override
    public boolean bulkAccepts(Object value) {
        return !(value instanceof String) || ((String) value).indexOf('\0') < 0;
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        if (text.length() > 0) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8); // pgjdbc's client_encoding is UTF8
            copy.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    /** The staging column type for values of {@code type}: the type pgjdbc binds them as. */
    static String stagingType(Class<?> type) {
        if (type == String.class) {
            return "text";
        } else if (type == Long.class) {
            return "int8";
        } else if (type == Double.class) {
            return "float8";
        } else if (type == BigDecimal.class) {
            return "numeric";
        } else if (type == Boolean.class) {
            return "boolean";
        } else if (type == LocalDateTime.class) {
            return "timestamp";
        } else if (type == OffsetDateTime.class) {
            return "timestamptz";
        }
        throw new IllegalArgumentException("no staging type for " + type);
    }

    /**
     * One value in COPY's text format: {@code \N} for null; backslash, tab, newline and carriage return
     * escaped; timestamps as PostgreSQL reads them back exactly (microseconds, BC for years before 1,
     * the UTC offset of a timestamptz value); numbers in a form that parses to the same value.
     */
    static void copyText(StringBuilder out, Object v) {
        if (v == null) {
            out.append("\\N");
        } else if (v instanceof String) {
            escape(out, (String) v);
        } else if (v instanceof Long) {
            out.append((long) (Long) v);
        } else if (v instanceof Double) {
            out.append(Double.toString((Double) v)); // round-trips exactly; float8in rounds correctly
        } else if (v instanceof BigDecimal) {
            out.append(v.toString()); // numeric reads the exponent form; scale kept (1.50 stays 1.50)
        } else if (v instanceof Boolean) {
            out.append((Boolean) v ? 't' : 'f');
        } else if (v instanceof LocalDateTime) {
            timestamp(out, (LocalDateTime) v, false);
        } else if (v instanceof OffsetDateTime) {
            timestamp(out, ((OffsetDateTime) v).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime(), true);
        } else {
            throw new IllegalArgumentException("no COPY text for " + v.getClass());
        }
    }

    private static void escape(StringBuilder out, String s) {
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) != '\\' && s.charAt(plain) != '\t'
                && s.charAt(plain) != '\n' && s.charAt(plain) != '\r') {
            plain++;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                default: out.append(c);
            }
        }
    }

    private static void timestamp(StringBuilder out, LocalDateTime t, boolean utcOffset) {
        int year = t.getYear();
        boolean bc = year <= 0; // ISO year 0 is 1 BC, as pgjdbc sends it
        int shown = bc ? 1 - year : year;
        if (shown >= 10_000) { // 9999-12-31T23:00:00-05:00 is in the year 10000 in UTC
            out.append(shown).append('-');
        } else {
            pad(out, shown, 4).append('-');
        }
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2);
        if (t.getNano() != 0) {
            out.append('.');
            pad(out, t.getNano() / 1000, 6); // ValueConverter keeps microseconds
        }
        if (utcOffset) {
            out.append("+00");
        }
        if (bc) {
            out.append(" BC");
        }
    }

    /** {@code value} (0 ≤ value < 10^width) in {@code width} digits. */
    private static StringBuilder pad(StringBuilder out, int value, int width) {
        for (int unit = width == 6 ? 100_000 : width == 4 ? 1000 : 10; unit > 0; unit /= 10) {
            out.append((char) ('0' + value / unit % 10));
        }
        return out;
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = readColumns(connection, COLUMNS_SQL, schema, table);
        if (columns.isEmpty()) {
            return null;
        }
        Keys keys = readKeys(connection, KEYS_SQL, schema, table);
        return new TableSchema(table, columns, keys.primaryKey, keys.uniqueKeys);
    }

    /**
     * By SQLState and exception type only (pgjdbc sets the server's SQLState on every error it reports,
     * and its own I/O failures are 08xxx with the socket exception as the cause): the standard classes of
     * {@link AbstractDialect#isConnectionError}, class 53, and {@link #TRANSIENT_STATES}.
     */
    @Override
    public boolean isConnectionError(SQLException e) {
        return super.isConnectionError(e) || SqlErrors.anySqlState(e, PostgresDialect::isTransientState);
    }

    /** A SQLState of {@link #TRANSIENT_STATES} or class 53: the server cannot take this now, try later. */
    public static boolean isTransientState(String state) {
        return state.startsWith(INSUFFICIENT_RESOURCES_CLASS) || TRANSIENT_STATES.contains(state);
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return false;
        }
        if (ALREADY_EXISTS_STATES.contains(state)) {
            return true;
        }
        // concurrent CREATE ... IF NOT EXISTS collides in the catalog's own unique indexes
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return state.equals("23505") && (message.contains("pg_type") || message.contains("pg_namespace")
                || message.contains("pg_class") || message.contains("pg_attribute"));
    }
}
