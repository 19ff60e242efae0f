package io.luden.stream.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded PostgreSQL: one database per job run ({@code run_<name>}), the job's tables in
 * {@code public}; the bulk copies in schema {@code bulk} and the single-row copies in schema
 * {@code single} of the same database ({@code CREATE TABLE … (LIKE … INCLUDING ALL)}: same columns,
 * same unique key).
 */
final class PostgresTarget implements Target {
    private final int port;

    PostgresTarget(int port) {
        this.port = port;
    }

    static String database(String run) {
        return "run_" + run;
    }

    Connection connect(String database) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database
                + "?user=postgres&password=postgres&sslmode=disable");
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String bulkPath() {
        return "COPY FROM STDIN";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) throws Exception {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database(run) + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database(run));
        }
        return "    type: postgres\n"
                + "    datasource: {host: localhost, port: " + port + ", db: " + database(run) + ", schema: public,\n"
                + "                 username: postgres, password: postgres, parameters: {sslmode: disable}}\n";
    }

    @Override
    public Map<String, Map<String, String>> jobTables(String run) throws Exception {
        return tables(run, "public");
    }

    Map<String, Map<String, String>> tables(String run, String schema) throws SQLException {
        try (Connection c = connect(database(run))) {
            return SameRows.columns(c, "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE n.nspname = ? AND c.relkind = 'r' ORDER BY c.relname, a.attnum", schema);
        }
    }

    @Override
    public long rows(String run, String table) throws Exception {
        try (Connection c = connect(database(run)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM public." + TableRows.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void copyTables(Connection c, String schema, Map<String, TableRows> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
            for (String table : rows.keySet()) {
                st.execute("CREATE TABLE " + schema + "." + TableRows.quote(table)
                        + " (LIKE public." + TableRows.quote(table) + " INCLUDING ALL)");
            }
        }
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        try (Connection c = connect(database(run))) {
            copyTables(c, "bulk", rows);
            Map<String, byte[]> payloads = new HashMap<>();
            for (TableRows t : rows.values()) {
                payloads.put(t.table, copyText(t));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            for (TableRows t : rows.values()) {
                long n = copy.copyIn("COPY bulk." + TableRows.quote(t.table) + " (" + t.quotedColumns() + ") FROM STDIN",
                        new ByteArrayInputStream(payloads.get(t.table)));
                if (n != t.rows.size()) {
                    throw new IllegalStateException("COPY into bulk." + t.table + " loaded " + n + " rows, not " + t.rows.size());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            SameRows.require(c, "public", "bulk", rows.keySet(), "EXCEPT ALL");
            return seconds;
        }
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        try (Connection c = connect(database(run))) {
            copyTables(c, "single", rows);
            double seconds = TableRows.insertOneByOne(c, "single", rows, order);
            SameRows.require(c, "public", "single", rows.keySet(), "EXCEPT ALL");
            return seconds;
        }
    }

    /** COPY's text format: tab-separated, {@code \N} for NULL, backslash escapes. */
    static byte[] copyText(TableRows t) {
        StringBuilder sb = new StringBuilder(t.rows.size() * 400);
        for (Object[] row : t.rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                if (row[i] == null) {
                    sb.append("\\N");
                    continue;
                }
                String s = TableRows.text(row[i]);
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    switch (ch) {
                        case '\\' -> sb.append("\\\\");
                        case '\t' -> sb.append("\\t");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        default -> sb.append(ch);
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The heap size of the run's tables: grows with every page of rows the job inserts. */
    @Override
    public WriteWatcher.Signature writeSignature(String run) throws Exception {
        Connection c = connect(database(run));
        return new WriteWatcher.Signature() {
            @Override
            public Long read() throws SQLException {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT coalesce(sum(pg_relation_size(c.oid)), 0) FROM pg_class c"
                                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")) {
                    rs.next();
                    return rs.getLong(1);
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
        try (Connection c = connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'),"
                     + " current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (embedded, fsync=" + rs.getString(2) + ", synchronous_commit="
                    + rs.getString(3) + ", shared_buffers=" + rs.getString(4) + ")";
        }
    }

    @Override
    public void close() {}
}
