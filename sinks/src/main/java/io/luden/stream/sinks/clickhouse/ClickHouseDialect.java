package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.jdbc.TablePatcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;

/**
 * ClickHouse over its HTTP interface (clickhouse-jdbc 0.10). The destination's {@code db} is the
 * ClickHouse database tables go to (the "schema"). ClickHouse has no unique keys: tables are
 * {@code ReplacingMergeTree} ordered by the key, which the schema read reports as the table's key
 * (the event id as a unique key, {@code primary_key_fields} as the primary key), and writes keep it
 * (see {@link #insert} and {@link BulkInsert}). Column types are reported without {@code Nullable()}
 * / {@code LowCardinality()}: nullability is not part of what a value converts to.
 */
public final class ClickHouseDialect extends AbstractDialect {
    /** Jitsu's ClickHouse limit for column names. */
    public static final int MAX_COLUMN_NAME_LENGTH = 251;
    public static final int DEFAULT_HTTP_PORT = 8123;
    public static final int DEFAULT_HTTPS_PORT = 8443;

    /** Datasource parameters read by the dialect itself, never passed to the driver. */
    public static final String CLUSTER = "cluster";
    public static final String TLS = "tls";
    static final Set<String> OWN_PARAMETERS = Set.of(CLUSTER, TLS);

    /**
     * SPEC §8's ClickHouse column, except TIMESTAMP: {@code DateTime64(6, 'UTC')} keeps microseconds where
     * Jitsu's {@code DateTime} keeps seconds, and names its zone so a server in another zone reads the
     * same instant; BOOLEAN: {@code Bool} (stored as UInt8 as Jitsu's, but read back as a boolean).
     */
    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "String", DataType.INTEGER, "Int64", DataType.FLOAT, "Float64",
            DataType.TIMESTAMP, "DateTime64(6, 'UTC')", DataType.BOOLEAN, "Bool");

    private static final String COLUMNS_SQL = "SELECT name, type, is_in_sorting_key FROM system.columns"
            + " WHERE database = ? AND table = ? ORDER BY position";
    private static final String ENGINE_SQL = "SELECT engine FROM system.tables WHERE database = ? AND name = ?";
    /** Alias of the single-row INSERT's value {@code i} (1-based): positional, no user identifier in it. */
    static final String VALUE_ALIAS = "luden_v";

    private final TableEngine engine;
    private final String cluster;

    public ClickHouseDialect() {
        this(TableEngine.DEFAULT, null);
    }

    private ClickHouseDialect(TableEngine engine, String cluster) {
        this.engine = engine;
        this.cluster = cluster;
    }

    @Override
    public Dialect configure(ConnectionSettings settings) {
        String c = settings.parameters().get(CLUSTER);
        return new ClickHouseDialect(TableEngine.of(settings.parameters()), c == null || c.isBlank() ? null : c);
    }

    @Override
    public String type() {
        return "clickhouse";
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public String defaultSchema() {
        return "default";
    }

    /**
     * {@code jdbc:clickhouse:http(s)://host:port}: no database in the URL (it may not exist yet; every
     * statement names its database).
     */
    @Override
    public String jdbcUrl(ConnectionSettings s) {
        if (s.host() == null || s.host().isBlank()) {
            throw new IllegalArgumentException("clickhouse destination needs a host (datasource.dsns or datasource.host)");
        }
        boolean tls = "true".equals(s.parameters().get(TLS));
        String host = s.host().contains(":") && !s.host().startsWith("[") ? "[" + s.host() + "]" : s.host();
        int port = s.port() != null ? s.port() : tls ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        return "jdbc:clickhouse:" + (tls ? "https" : "http") + "://" + host + ":" + port;
    }

    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        p.setProperty("user", s.username() == null ? "default" : s.username());
        p.setProperty("password", s.password() == null ? "" : s.password());
        // transactions do not exist in ClickHouse: autocommit off, commit and rollback are no-ops;
        // every write of the job is one INSERT, which ClickHouse applies whole or not at all
        p.setProperty("jdbc_ignore_unsupported_values", "true");
        p.setProperty("compress", "false");
        p.setProperty("connection_timeout", "10000");
        p.setProperty("socket_timeout", "300000");
        p.setProperty("client_name", "luden-stream");
        // the driver sends a LocalDateTime as an instant in this zone: ours are UTC, whatever the server's or JVM's zone
        p.setProperty("use_server_time_zone", "false");
        p.setProperty("use_time_zone", "UTC");
        // a value out of DateTime64's range fails the row instead of being clamped to the range's end
        p.setProperty("clickhouse_setting_date_time_overflow_behavior", "throw");
        // timestamps are sent as UTC text with a Z (see bindable): read as that instant
        p.setProperty("clickhouse_setting_date_time_input_format", "best_effort");
        p.setProperty("clickhouse_setting_cast_string_to_date_time_mode", "best_effort");
        s.parameters().forEach((k, v) -> {
            if (!OWN_PARAMETERS.contains(k) && !TableEngine.KEYS.contains(k)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    /** Backslash escapes in a double-quoted identifier, as ClickHouse reads them. */
    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A string literal: backslash and quote escaped. */
    static String literal(String s) {
        return '\'' + s.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    @Override
    public DataType category(String sqlType) {
        return ClickHouseTypes.category(sqlType);
    }

    private String onCluster() {
        return cluster == null ? "" : " ON CLUSTER " + quote(cluster);
    }

    @Override
    public List<String> prepareSchema(String schema) {
        return List.of("CREATE DATABASE IF NOT EXISTS " + quote(schema) + onCluster());
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS … ENGINE = ReplacingMergeTree PARTITION BY (toYYYYMM(_timestamp))
     * ORDER BY (key)}: as Jitsu, with {@code engine} options. Key and partition columns are plain types
     * (a sorting key cannot be Nullable), all others {@code Nullable}: a row without a value stores NULL,
     * not an invented 0 or ''.
     */
    @Override
    public String createTable(String schema, String table, LinkedHashMap<String, String> columns,
                              List<String> primaryKey, List<String> uniqueKey) {
        List<String> key = !primaryKey.isEmpty() ? primaryKey : uniqueKey;
        List<String> plain = engine.keyColumns(key, columns.keySet());
        StringJoiner parts = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + onCluster()
                + " (", ") ");
        for (Map.Entry<String, String> c : columns.entrySet()) {
            parts.add(quote(c.getKey()) + " " + (plain.contains(c.getKey()) ? c.getValue() : nullable(c.getValue())));
        }
        return parts + engine.clause(schema, table, key, columns.keySet(), cluster, this::quote);
    }

    @Override
    public String addColumn(String schema, String table, String column, String sqlType) {
        return "ALTER TABLE " + qualified(schema, table) + onCluster() + " ADD COLUMN IF NOT EXISTS " + quote(column)
                + " " + nullable(sqlType);
    }

    /** {@code Nullable(T)}, unless T cannot be inside Nullable (composite types) or already is. */
    static String nullable(String sqlType) {
        String lower = sqlType.strip().toLowerCase(Locale.ROOT);
        for (String composite : List.of("nullable(", "array(", "map(", "tuple(", "lowcardinality(", "nested(",
                "json", "object(", "variant(", "dynamic")) {
            if (lower.startsWith(composite)) {
                return sqlType;
            }
        }
        return "Nullable(" + sqlType + ")";
    }

    /**
     * The single-row INSERT. A key that must not duplicate (the event id, or an upsert of only key
     * columns) is kept by an anti-join the server runs with the row: {@code INSERT INTO t (cols) WITH ? AS
     * luden_v1, … SELECT luden_v1, … WHERE (key) NOT IN (SELECT key FROM t WHERE key = (the row's))},
     * which the sorting key's index answers. An upsert is a plain INSERT: the newest row of a key replaces
     * the older ones when ReplacingMergeTree merges (and in {@code SELECT … FINAL} at once).
     */
    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (columns.size() != placeholders.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("INSERT into " + table + " needs one placeholder per column, got "
                    + columns + " / " + placeholders);
        }
        String target = "INSERT INTO " + qualified(schema, table) + " (" + quotedList(columns) + ")";
        // WITH … SELECT rather than VALUES: the values are expressions the server evaluates (a timestamp's
        // text is cast to the column's DateTime64 in the query's parsing mode), one form for every INSERT
        StringJoiner with = new StringJoiner(", ", " WITH ", "");
        StringJoiner select = new StringJoiner(", ", " SELECT ", "");
        for (int i = 0; i < columns.size(); i++) {
            with.add(placeholders.get(i) + " AS " + VALUE_ALIAS + (i + 1));
            select.add(VALUE_ALIAS + (i + 1));
        }
        if (conflictKey.isEmpty() || (updateOnConflict && !conflictKey.containsAll(columns))) {
            return target + with + select;
        }
        StringJoiner keys = new StringJoiner(", ");
        StringJoiner aliases = new StringJoiner(", ");
        StringJoiner same = new StringJoiner(" AND ");
        for (String k : conflictKey) {
            String alias = VALUE_ALIAS + (columns.indexOf(k) + 1);
            keys.add(quote(k));
            aliases.add(alias);
            same.add(quote(k) + " = " + alias);
        }
        return target + with + select + " WHERE (" + aliases + ") NOT IN (SELECT " + keys + " FROM "
                + qualified(schema, table) + " WHERE " + same + ")";
    }

    /** One INSERT per batch ({@link BulkInsert}): a part per batch, never one per row. */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        new BulkInsert(this, batch).run(connection);
    }

    /**
     * A timestamp as UTC text with its zone ({@code 2020-06-16 23:00:00.123456Z}), which the server parses
     * as that instant into a DateTime64 of any zone ({@code date_time_input_format} and
     * {@code cast_string_to_date_time_mode} best_effort): the driver itself would send nanoseconds in an
     * Int64, which overflows outside 1677–2262 (silently, before 1677) and depends on its time zone.
     */
    /**
     * Timestamps and decimals go as text ({@link #bindable}) cast to the column's type: the cast fails on
     * text it cannot parse, where an implicit conversion into a Nullable column would store NULL.
     */
    @Override
    public String valueCast(String columnType, DataType category) {
        if (category == DataType.TIMESTAMP
                || (category == DataType.FLOAT && columnType.toLowerCase(Locale.ROOT).startsWith("decimal"))) {
            return columnType;
        }
        return null;
    }

    @Override
    public Object bindable(Object value) {
        if (value instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) value).toPlainString(); // parsed by the cast, exactly: no Float64 literal
        }
        java.time.LocalDateTime utc = utc(value);
        if (utc == null) {
            return value;
        }
        if (!inDateTime64Range(utc)) {
            // text the server refuses to parse, naming why: best_effort would read the year 0 as this year
            return "year " + utc.getYear() + " is outside the DateTime64 range 1-9999: " + utc + "Z";
        }
        StringBuilder text = new StringBuilder(28);
        BulkInsert.timestamp(text, value);
        return text.toString();
    }

    /** The UTC date-time of a bound timestamp, or null when the value is not one. */
    private static java.time.LocalDateTime utc(Object value) {
        return value instanceof java.time.OffsetDateTime
                ? ((java.time.OffsetDateTime) value).withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime()
                : value instanceof java.time.LocalDateTime ? (java.time.LocalDateTime) value : null;
    }

    private static boolean inDateTime64Range(java.time.LocalDateTime utc) {
        return utc.getYear() >= 1 && utc.getYear() <= 9999;
    }

    /**
     * DateTime64 holds the years 1–9999 (UTC); a timestamp outside (9999-12-31T23:00-05:00 is in 10000)
     * goes alone to get the single-row INSERT's refusal, the rest of its batch still in bulk.
     */
    @Override
    public boolean bulkAccepts(Object value) {
        java.time.LocalDateTime utc = utc(value);
        return utc == null || inDateTime64Range(utc);
    }

    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        List<String> sortingKey = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(COLUMNS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), ClickHouseTypes.valueType(rs.getString(2)));
                    if (rs.getInt(3) != 0) {
                        sortingKey.add(rs.getString(1));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        String tableEngine = "";
        try (PreparedStatement ps = connection.prepareStatement(ENGINE_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    tableEngine = Objects.toString(rs.getString(1), "");
                }
            }
        }
        // only a replacing engine keeps one row per sorting key: that key is the table's key
        if (!tableEngine.endsWith("ReplacingMergeTree") || sortingKey.isEmpty()) {
            return new TableSchema(table, columns, List.of(), List.of());
        }
        if (sortingKey.equals(List.of(TablePatcher.EVENT_ID_COLUMN))) {
            return new TableSchema(table, columns, List.of(), List.of(TablePatcher.EVENT_ID_COLUMN));
        }
        return new TableSchema(table, columns, sortingKey, List.of());
    }

    @Override
    public boolean isConnectionError(SQLException e) {
        return super.isConnectionError(e) || ClickHouseErrors.isConnectionError(e);
    }

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return ClickHouseErrors.isAlreadyExists(e);
    }

    // visible to BulkInsert
    String qualifiedName(String schema, String table) {
        return qualified(schema, table);
    }

    String quotedNames(List<String> names) {
        return quotedList(names);
    }

    static String message(SQLException e) {
        return SqlErrors.message(e);
    }
}
