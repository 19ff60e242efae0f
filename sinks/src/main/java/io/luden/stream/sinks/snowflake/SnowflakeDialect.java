package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.jdbc.SqlErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Snowflake through snowflake-jdbc. Snowflake declares but never enforces PRIMARY KEY / UNIQUE, so
 * the keyed write is a MERGE on the key (insert when not matched; with primary_key_fields also update
 * when matched), one per batch ({@link SnowflakeMerge}); identifiers as Jitsu 1.44 writes them
 * ({@link SnowflakeNames}); schema from information_schema.columns and SHOW PRIMARY / UNIQUE KEYS.
 */
public final class SnowflakeDialect extends AbstractDialect {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnowflakeDialect.class);
    public static final int DEFAULT_PORT = 443;
    /** SPEC §8: Snowflake takes 255 characters; 251 as in Jitsu. */
    public static final int MAX_COLUMN_NAME_LENGTH = 251;

    /**
     * Connection properties set unless the datasource's parameters say otherwise: no cloud-platform
     * probing at login (it calls the metadata addresses of AWS, Azure and GCP), no telemetry to
     * Snowflake or out of band, JSON results (the Arrow format needs {@code --add-opens} on JDK 17+),
     * bounded login, and the session time zone UTC (a UTC date-time bound for a TIMESTAMP_TZ / _LTZ column
     * is read in the session's zone).
     */
    static final Map<String, String> DEFAULT_PROPERTIES = Map.of(
            "disablePlatformDetection", "true",
            "CLIENT_TELEMETRY_ENABLED", "false",
            "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "false",
            "htapOOBTelemetryEnabled", "false",
            "JDBC_QUERY_RESULT_FORMAT", "JSON",
            "loginTimeout", "60",
            "TIMEZONE", "UTC",
            "application", "luden_stream");

    /**
     * Vendor codes that mean "the service or the session, not the row": the driver's own network,
     * I/O, HTTP, closed-connection and canceled codes (200015, 200016, 290000, 200052, 200005) and the
     * server's session-gone / expired / token-invalid codes (390111, 390112, 390114), no active
     * warehouse (606: suspended or dropped, it comes back), statement timeout and cancel (630, 604),
     * and lock-wait timeout (625).
     */
    static final Set<Integer> CONNECTION_CODES = Set.of(200015, 200016, 290000, 200052, 200005,
            390111, 390112, 390114, 606, 630, 604, 625);
    /** SQLStates of the same (besides class 08): query canceled / timed out, cannot connect now, system I/O error. */
    static final Set<String> CONNECTION_STATES = Set.of("57014", "57P03", "58030");
    /** 2002: object already exists (CREATE without IF NOT EXISTS); 1430 / 2025: column already exists. */
    static final Set<Integer> ALREADY_EXISTS_CODES = Set.of(2002, 1430, 2025);

    private static final String COLUMNS_SQL = "SELECT column_name, data_type, character_maximum_length,"
            + " numeric_precision, numeric_scale, datetime_precision FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";

    @Override
    public String type() {
        return "snowflake";
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public String defaultSchema() {
        return "PUBLIC";
    }

    /** {@code jdbc:snowflake://<host>:<port>/}: host from the datasource, else {@code <account>.snowflakecomputing.com}. */
    @Override
    public String jdbcUrl(ConnectionSettings s) {
        String host = s.host();
        if (host == null || host.isBlank()) {
            String account = s.parameters().get("account");
            if (account == null || account.isBlank()) {
                throw new IllegalArgumentException("snowflake destination needs datasource.account");
            }
            host = account + ".snowflakecomputing.com";
        }
        if (s.db() == null || s.db().isBlank()) {
            throw new IllegalArgumentException("snowflake destination needs datasource.db");
        }
        int port = s.port() == null ? DEFAULT_PORT : s.port();
        return "jdbc:snowflake://" + host + ":" + port + "/";
    }

    /**
     * {@link #DEFAULT_PROPERTIES}, then the datasource's parameters (Snowflake connection properties and
     * session parameters alike: {@code account}, {@code warehouse}, {@code role}, {@code private_key_file} …),
     * then db, schema, user and password.
     */
    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        DEFAULT_PROPERTIES.forEach(p::setProperty);
        s.parameters().forEach(p::setProperty);
        p.setProperty("db", s.db());
        p.setProperty("schema", SnowflakeNames.stored(s.schema() == null ? defaultSchema() : s.schema()));
        if (s.username() != null) {
            p.setProperty("user", s.username());
        }
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return p;
    }

    @Override
    public String quote(String identifier) {
        return SnowflakeNames.quote(identifier);
    }

    @Override
    public String sqlType(DataType type) {
        return SnowflakeTypes.TYPES.get(type);
    }

    @Override
    public DataType category(String sqlType) {
        return SnowflakeTypes.category(sqlType);
    }

    /**
     * Without a key, a plain INSERT; with one, {@code MERGE … USING (SELECT ? AS c1, …) ON key WHEN
     * NOT MATCHED THEN INSERT} (and {@code WHEN MATCHED THEN UPDATE} the row's other columns for an
     * upsert): Snowflake has no ON CONFLICT and does not enforce the key.
     */
    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (conflictKey.isEmpty()) {
            return super.insert(schema, table, columns, placeholders, conflictKey, updateOnConflict);
        }
        if (columns.size() != placeholders.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("MERGE into " + table + " needs one placeholder per column, got "
                    + columns + " / " + placeholders);
        }
        List<String> sourceItems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            sourceItems.add(placeholders.get(i) + " AS " + stagingColumn(i));
        }
        return SnowflakeMerge.sql(this, schema, table, columns, "SELECT " + String.join(", ", sourceItems),
                conflictKey, updateOnConflict, false);
    }

    /**
     * One MERGE (or INSERT … SELECT) per batch, its rows bound into one {@code VALUES} list
     * ({@link SnowflakeMerge}). A batch whose rows disagree on a column's cast (an event's own
     * {@code __sql_type_}): the rows' own statements, each run of equal SQL as one JDBC batch.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (batch.isUniform()) {
            SnowflakeMerge.write(this, connection, batch);
            LOG.debug("staged {} rows for {}.{} by {}", batch.rows().size(), batch.schema(), batch.table(),
                    batch.conflictKey().isEmpty() ? "INSERT … SELECT FROM VALUES" : "MERGE … USING VALUES");
            return;
        }
        List<RowInserter.Prepared> statements = batch.statements();
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            int to = from + 1;
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                to++;
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = from; i < to; i++) {
                    List<Object> values = statements.get(i).values;
                    for (int k = 0; k < values.size(); k++) {
                        SnowflakeMerge.bind(ps, k + 1, values.get(k));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            from = to;
        }
    }

    /** Timestamps as text (snowflake-jdbc refuses {@code java.time} values), as {@link SnowflakeMerge#bind} sends them. */
    @Override
    public Object bindable(Object value) {
        return SnowflakeMerge.timestampText(value);
    }

    String qualifiedName(String schema, String table) {
        return qualified(schema, table);
    }

    String quoted(List<String> names) {
        return quotedList(names);
    }

    static String sourceColumn(int i) {
        return stagingColumn(i);
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, SnowflakeNames.stored(schema));
            ps.setString(2, SnowflakeNames.stored(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(SnowflakeNames.ludenName(rs.getString(1)), SnowflakeTypes.render(rs.getString(2),
                            number(rs, 3), number(rs, 4), number(rs, 5), number(rs, 6)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        List<String> primaryKey = new ArrayList<>();
        keys(connection, "PRIMARY", schema, table).values().stream().findFirst().ifPresent(primaryKey::addAll);
        List<String> uniqueKeys = new ArrayList<>();
        keys(connection, "UNIQUE", schema, table).values().forEach(k -> uniqueKeys.add(String.join(",", k)));
        return new TableSchema(table, columns, primaryKey, uniqueKeys);
    }

    private static Long number(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Constraint name → its columns in key order, from {@code SHOW PRIMARY|UNIQUE KEYS IN TABLE}. */
    private Map<String, List<String>> keys(Connection connection, String kind, String schema, String table)
            throws SQLException {
        Map<String, TreeMap<Integer, String>> byName = new LinkedHashMap<>();
        try (java.sql.Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SHOW " + kind + " KEYS IN TABLE " + qualified(schema, table))) {
            while (rs.next()) {
                byName.computeIfAbsent(rs.getString("constraint_name"), k -> new TreeMap<>())
                        .put(rs.getInt("key_sequence"), SnowflakeNames.ludenName(rs.getString("column_name")));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
        return out;
    }

    /**
     * By exception type, SQLState and vendor code only: the shared types and class 08 / 40001, then
     * {@link #CONNECTION_STATES} and {@link #CONNECTION_CODES} anywhere in the chain.
     */
    @Override
    public boolean isConnectionError(SQLException e) {
        if (super.isConnectionError(e) || SqlErrors.anySqlState(e, CONNECTION_STATES::contains)) {
            return true;
        }
        for (Throwable t : SqlErrors.chain(e)) {
            if (t instanceof SQLException && CONNECTION_CODES.contains(((SQLException) t).getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return ALREADY_EXISTS_CODES.contains(e.getErrorCode());
    }
}
