package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.AbstractDialect;
import io.luden.stream.sinks.jdbc.BatchInsert;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 8 and MariaDB through MariaDB Connector/J: backtick-quoted identifiers, a database as the
 * schema, {@code INSERT … ON DUPLICATE KEY UPDATE} for keys, strict {@code sql_mode} and UTC on
 * every session so nothing is truncated or shifted silently. Generated SQL runs on both servers
 * (no {@code ADD COLUMN IF NOT EXISTS}, no {@code RETURNING}, the {@code VALUES(col)} upsert form).
 */
public final class MySqlDialect extends AbstractDialect {

    public static final int DEFAULT_PORT = 3306;
    /** MySQL's identifier limit (columns, tables, databases). */
    public static final int MAX_COLUMN_NAME_LENGTH = 64;

    /**
     * Every session: strict (a value that does not fit its column is an error, never truncated,
     * clipped or zeroed — the rows go to {@code failed}), no zero dates, no silent engine change;
     * UTC, so DATETIME and TIMESTAMP columns get the UTC time the converter gives. Set through the
     * driver, so a server that refuses them fails the connect instead of writing non-strictly.
     */
    static final String SQL_MODE =
            "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";
    static final String SESSION_VARIABLES = "sql_mode='" + SQL_MODE + "',time_zone='+00:00'";
    /** How long DDL waits for a table's metadata lock before giving up (the event is retried later). */
    static final int DDL_LOCK_WAIT_SECONDS = 10;

    /**
     * The type of a key column whose type would be text: MySQL cannot index TEXT without a prefix
     * length, and a prefix index would make two ids with the same first characters one key.
     * 255 characters (Jitsu's choice for key columns) of utf8mb4 are 1,020 bytes, so a key of up
     * to three such columns fits InnoDB's 3,072-byte index limit. Binary collation: the default
     * collations are case- and accent-insensitive, and would make ids {@code "Ab"} and {@code "ab"}
     * one row (the second silently dropped as "already there").
     */
    static final String KEY_TEXT_TYPE = "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    private static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "TEXT", DataType.INTEGER, "BIGINT", DataType.FLOAT, "DOUBLE",
            // SPEC §8 says DATETIME (Jitsu's, whole seconds); the issue asks for at least milliseconds
            DataType.TIMESTAMP, "DATETIME(6)", DataType.BOOLEAN, "BOOLEAN");

    private static final String COLUMNS_SQL = "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    private static final String KEYS_SQL = "SELECT INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS"
            + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX";

    /** MariaDB reports integer display widths ({@code bigint(20)}), MySQL 8 does not; both mean the same type. */
    private static final Pattern DISPLAY_WIDTH =
            Pattern.compile("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)(.*)$");
    private static final Pattern DECIMAL_QUALIFIERS =
            Pattern.compile("^((?:decimal|numeric)\\(\\d+,\\d+\\))\\s+(?:unsigned|signed|zerofill|unsigned zerofill)$");
    private static final Pattern QUALIFIERS = Pattern.compile("\\s+(unsigned|signed|zerofill)\\b");
    private static final Pattern ARGUMENTS = Pattern.compile("\\s*\\([^)]*\\)");

    private static final Map<String, DataType> CATEGORIES = Map.ofEntries(
            Map.entry("tinyint", DataType.INTEGER), Map.entry("smallint", DataType.INTEGER),
            Map.entry("mediumint", DataType.INTEGER), Map.entry("int", DataType.INTEGER),
            Map.entry("integer", DataType.INTEGER), Map.entry("bigint", DataType.INTEGER),
            Map.entry("double", DataType.FLOAT), Map.entry("double precision", DataType.FLOAT),
            Map.entry("real", DataType.FLOAT), Map.entry("float", DataType.FLOAT),
            Map.entry("decimal", DataType.FLOAT), Map.entry("numeric", DataType.FLOAT),
            Map.entry("char", DataType.STRING), Map.entry("varchar", DataType.STRING),
            Map.entry("tinytext", DataType.STRING), Map.entry("text", DataType.STRING),
            Map.entry("mediumtext", DataType.STRING), Map.entry("longtext", DataType.STRING),
            Map.entry("datetime", DataType.TIMESTAMP), Map.entry("timestamp", DataType.TIMESTAMP),
            Map.entry("boolean", DataType.BOOLEAN), Map.entry("bool", DataType.BOOLEAN));

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public int maxColumnNameLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    /** MySQL's schema is the database: there is no default, the datasource's {@code db} is it. */
    @Override
    public String defaultSchema() {
        throw new IllegalArgumentException("mysql destination needs datasource.db (the database tables go to)");
    }

    /**
     * No database in the URL: every statement names it, and the connect then works before the
     * database exists ({@link #prepareSchema} creates it).
     */
    @Override
    public String jdbcUrl(ConnectionSettings s) {
        if (s.db() == null || s.db().isBlank()) {
            throw new IllegalArgumentException("mysql destination needs datasource.db");
        }
        String host = s.host() == null || s.host().isBlank() ? "localhost" : s.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]"; // IPv6 literal
        }
        int port = s.port() == null ? DEFAULT_PORT : s.port();
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /**
     * Bounded connect and read, the strict UTC session, then {@code datasource.parameters} as driver
     * properties; Jitsu's (Go driver) {@code tls} becomes the driver's {@code sslMode}.
     */
    @Override
    public Properties connectionProperties(ConnectionSettings s) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", "300000");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectionAttributes", "program_name:luden-stream");
        for (Map.Entry<String, String> e : s.parameters().entrySet()) {
            if (e.getKey().equals("tls")) {
                p.setProperty("sslMode", sslMode(e.getValue()));
            } else {
                p.setProperty(e.getKey(), e.getValue());
            }
        }
        // after the parameters: a strict UTC session is what the converter's exactness relies on; a
        // user's own session variables (e.g. innodb_lock_wait_timeout) follow
        String own = s.parameters().get("sessionVariables");
        p.setProperty("sessionVariables", own == null || own.isBlank() ? SESSION_VARIABLES : SESSION_VARIABLES + "," + own);
        if (s.username() != null) {
            p.setProperty("user", s.username());
        }
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return p;
    }

    /** Go MySQL driver's {@code tls} values → Connector/J's {@code sslMode}. */
    static String sslMode(String tls) {
        switch (tls.strip().toLowerCase(Locale.ROOT)) {
            case "true": return "verify-full";
            case "skip-verify": case "preferred": return "trust";
            case "false": return "disable";
            default: throw new IllegalArgumentException("mysql datasource.parameters.tls must be true, false,"
                    + " skip-verify or preferred, got '" + tls + "'");
        }
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String sqlType(DataType type) {
        return TYPES.get(type);
    }

    /**
     * By MySQL's type names: {@code tinyint(1)} is what BOOLEAN is stored as; DATETIME and TIMESTAMP
     * are timestamps (the session is UTC, so TIMESTAMP's zone conversion is none); unsigned, signed
     * and display widths do not change the category.
     */
    @Override
    public DataType category(String sqlType) {
        if (sqlType == null) {
            return null;
        }
        String t = sqlType.strip().toLowerCase(Locale.ROOT);
        if (t.equals("tinyint(1)")) {
            return DataType.BOOLEAN;
        }
        t = QUALIFIERS.matcher(t).replaceAll("");
        t = ARGUMENTS.matcher(t).replaceAll("").strip();
        return CATEGORIES.get(t);
    }

    /** The database, with utf8mb4 (MariaDB before 11.6 defaults to latin1, which cannot hold every event). */
    @Override
    public List<String> prepareSchema(String schema) {
        return List.of("CREATE DATABASE IF NOT EXISTS " + quote(schema) + " CHARACTER SET utf8mb4");
    }

    @Override
    public List<String> ddlPreamble() {
        return List.of("SET SESSION lock_wait_timeout = " + DDL_LOCK_WAIT_SECONDS);
    }

    /**
     * InnoDB (transactions: a refused batch is rolled back whole), utf8mb4; key columns of a text
     * type become {@link #KEY_TEXT_TYPE}.
     */
    @Override
    public String createTable(String schema, String table, LinkedHashMap<String, String> columns,
                              List<String> primaryKey, List<String> uniqueKey) {
        StringJoiner parts = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + qualified(schema, table) + " (",
                ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        for (Map.Entry<String, String> c : columns.entrySet()) {
            boolean key = primaryKey.contains(c.getKey()) || uniqueKey.contains(c.getKey());
            parts.add(quote(c.getKey()) + " " + (key ? keyType(c.getValue()) : c.getValue()));
        }
        if (!primaryKey.isEmpty()) {
            parts.add("PRIMARY KEY (" + quotedList(primaryKey) + ")");
        }
        if (!uniqueKey.isEmpty()) {
            parts.add("UNIQUE KEY (" + quotedList(uniqueKey) + ")");
        }
        return parts.toString();
    }

    /** The type a key column gets: a text type (which MySQL cannot index whole) becomes {@link #KEY_TEXT_TYPE}. */
    static String keyType(String type) {
        String base = ARGUMENTS.matcher(type.strip().toLowerCase(Locale.ROOT)).replaceAll("").strip();
        return base.endsWith("text") ? KEY_TEXT_TYPE : type;
    }

    /** Plain ADD COLUMN: MySQL 8 has no {@code IF NOT EXISTS} here; a lost race is error 1060, "already exists". */
    @Override
    public String addColumn(String schema, String table, String column, String sqlType) {
        return "ALTER TABLE " + qualified(schema, table) + " ADD COLUMN " + quote(column) + " " + sqlType;
    }

    /**
     * One ALTER TABLE for all the new columns: each ALTER costs a metadata lock and a commit (about
     * 50 ms on the test MariaDB, instant ADD COLUMN included), and it is atomic, so a lost race
     * (1060, one column there already) adds none and the next round adds the rest.
     */
    @Override
    public List<String> addColumns(String schema, String table, LinkedHashMap<String, String> columns) {
        StringJoiner adds = new StringJoiner(", ", "ALTER TABLE " + qualified(schema, table) + " ", "");
        columns.forEach((column, type) -> adds.add("ADD COLUMN " + quote(column) + " " + type));
        return columns.isEmpty() ? List.of() : List.of(adds.toString());
    }

    /**
     * {@code INSERT … VALUES (…)}; with a key, {@code ON DUPLICATE KEY UPDATE}: an upsert sets the
     * row's other columns to {@code VALUES(c)} (columns the row lacks are not named, so they keep
     * their value); do-nothing assigns the first key column to itself. Not {@code INSERT IGNORE}:
     * it also turns a value that does not fit into a warning and stores it clipped or as NULL.
     */
    @Override
    public String insert(String schema, String table, List<String> columns, List<String> placeholders,
                         List<String> conflictKey, boolean updateOnConflict) {
        if (columns.size() != placeholders.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("INSERT into " + table + " needs one placeholder per column, got "
                    + columns + " / " + placeholders);
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified(schema, table))
                .append(" (").append(quotedList(columns)).append(") VALUES (")
                .append(String.join(", ", placeholders)).append(')');
        if (!conflictKey.isEmpty()) {
            List<String> updates = new ArrayList<>();
            if (updateOnConflict) {
                for (String c : columns) {
                    if (!conflictKey.contains(c)) {
                        updates.add(quote(c) + " = VALUES(" + quote(c) + ")");
                    }
                }
            }
            sql.append(onDuplicateKey(conflictKey, updates));
        }
        return sql.toString();
    }

    /** {@code ON DUPLICATE KEY UPDATE} with these assignments, or the no-op {@code k = k} when there are none. */
    private String onDuplicateKey(List<String> conflictKey, List<String> updates) {
        String k = quote(conflictKey.get(0));
        return " ON DUPLICATE KEY UPDATE " + (updates.isEmpty() ? k + " = " + k : String.join(", ", updates));
    }

    /**
     * No cast: MySQL's CAST knows only a few target types (SIGNED, CHAR, DATETIME, …, not BIGINT or
     * TEXT), and a CAST that fails gives NULL with a warning. The value is already converted exactly
     * to the column's kind, and assigning it to the column converts it under the strict session,
     * which refuses what does not fit (a bad date, an out-of-range number) — as Jitsu, which casts none.
     */
    @Override
    public String castPlaceholder(String sqlType) {
        return "?";
    }

    /**
     * Batches of this many rows and more are multi-row INSERTs ({@link MySqlBulkInsert}); fewer are
     * the rows' own INSERTs through the driver's batch.
     */
    static final int MULTI_ROW_MIN_ROWS = 2;

    /**
     * Multi-row {@code INSERT … VALUES (…), (…)} statements of the batch (what Connector/J 5's
     * {@code rewriteBatchedStatements} made of a batch; Connector/J 3 has no such rewrite), chunked
     * by {@link MySqlBulkInsert}; non-uniform batches are the rows' own INSERTs.
     */
    @Override
    public void insertBatch(Connection connection, BatchInsert batch) throws SQLException {
        if (!batch.isUniform() || batch.rows().size() < MULTI_ROW_MIN_ROWS) {
            batch.executeStatements(connection);
            return;
        }
        MySqlBulkInsert.write(this, connection, batch);
    }

    /** The table's name qualified by its database. */
    String qualifiedName(String schema, String table) {
        return qualified(schema, table);
    }

    String quotedColumns(List<String> columns) {
        return quotedList(columns);
    }

    /**
     * The ON DUPLICATE KEY clause of a multi-row insert of {@code batch}: an upsert sets each non-key
     * column to {@code COALESCE(VALUES(c), c)} — a row's values are never null, so a NULL means "this
     * row has no such column" and the stored value stays, as with the single-row upsert, which does
     * not name the column; do-nothing is {@code k = k}; a plain insert has none.
     */
    String onDuplicateKey(BatchInsert batch) {
        if (batch.conflictKey().isEmpty()) {
            return "";
        }
        List<String> updates = new ArrayList<>();
        if (batch.update()) {
            for (BatchInsert.Column c : batch.columns()) {
                if (!batch.conflictKey().contains(c.name)) {
                    String q = quote(c.name);
                    updates.add(q + " = COALESCE(VALUES(" + q + "), " + q + ")");
                }
            }
        }
        return onDuplicateKey(batch.conflictKey(), updates);
    }

    /**
     * Columns with COLUMN_TYPE (so {@code tinyint(1)}, {@code datetime(6)}, {@code decimal(38,18)} keep
     * their arguments; integer display widths dropped); keys from the unique indexes over whole
     * columns (a prefix or functional index is not a key a row can be found by).
     */
    @Override
    public TableSchema readSchema(Connection connection, String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        readColumns(connection, COLUMNS_SQL, schema, table).forEach((name, type) -> columns.put(name, normalise(type)));
        if (columns.isEmpty()) {
            return null;
        }
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        List<String> partial = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(KEYS_SQL)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    String column = rs.getString(2);
                    rs.getObject(3);
                    if (column == null || !rs.wasNull()) {
                        partial.add(index);
                    }
                    indexes.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
                }
            }
        }
        partial.forEach(indexes::remove);
        List<String> primaryKey = indexes.getOrDefault("PRIMARY", List.of());
        List<String> uniqueKeys = new ArrayList<>();
        indexes.forEach((name, cols) -> {
            if (!name.equals("PRIMARY")) {
                uniqueKeys.add(String.join(",", cols));
            }
        });
        return new TableSchema(table, columns, primaryKey, uniqueKeys);
    }

    /** {@code bigint(20)} → {@code bigint}, {@code decimal(10,2) unsigned} → {@code decimal(10,2)}; lower case. */
    static String normalise(String columnType) {
        String t = columnType.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("tinyint(1)")) {
            return t;
        }
        Matcher m = DISPLAY_WIDTH.matcher(t);
        if (m.matches()) {
            t = m.group(1) + m.group(2);
        }
        Matcher d = DECIMAL_QUALIFIERS.matcher(t);
        // the sign is the server's to check (strict mode refuses a negative value); the scale is ours
        return d.matches() ? d.group(1) : t;
    }

    /** {@link MySqlErrors#isConnectionError}: standard classes, then MySQL's and MariaDB's error codes. */
    @Override
    public boolean isConnectionError(SQLException e) {
        return super.isConnectionError(e) || MySqlErrors.hasConnectionCode(e);
    }

    /** Connector/J's message without its {@code (conn=123) } prefix: a connection's id is no part of a row's reason. */
    @Override
    public String errorMessage(SQLException e) {
        return CONNECTION_ID.matcher(super.errorMessage(e)).replaceFirst("");
    }

    private static final Pattern CONNECTION_ID = Pattern.compile("^\\(conn=\\d+\\)\\s*");

    @Override
    public boolean isAlreadyExists(SQLException e) {
        return MySqlErrors.isAlreadyExists(e);
    }
}
