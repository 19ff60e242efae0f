package io.luden.stream.bench;

import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.h2.GuinsooDialect;
import org.h2.tools.Server;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Guinsoo's engine, H2 2.0.206, as a TCP server started by the benchmark on a loopback port, file
 * databases under {@code <out>/guinsoo/server}: one database per job run ({@code run_<name>}), the job's
 * tables in {@code PUBLIC}; the bulk and single-row copies in schemas {@code BULK} and {@code SINGLE} of
 * the same database, created from the job's tables as the dialect reads them (same columns and types,
 * same unique key). The bulk path is H2's own {@code INSERT … SELECT … FROM CSVREAD(file)}, one
 * statement per table reading a CSV file the server has on its disk (written beforehand, not timed).
 */
final class H2Target implements Target {
    private static final GuinsooDialect DIALECT = new GuinsooDialect();

    private final Path dir;
    private final Server server;

    H2Target(Path dir) throws SQLException, IOException {
        this.dir = dir;
        System.setProperty("h2.bindAddress", "127.0.0.1");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir",
                Files.createDirectories(dir.resolve("server")).toString(), "-ifNotExists").start();
    }

    static String database(String run) {
        return "run_" + run;
    }

    private Connection connect(String run) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        Connection c = new org.h2.Driver().connect("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + database(run), p);
        c.setAutoCommit(true);
        return c;
    }

    @Override
    public String name() {
        return GuinsooDialect.GUINSOO_TYPE;
    }

    @Override
    public String bulkPath() {
        return "INSERT … SELECT FROM CSVREAD";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) throws Exception {
        try (Connection c = connect(run); Statement st = c.createStatement()) {
            st.execute("DROP ALL OBJECTS"); // a fresh database, as the other targets make one per run
        }
        return "    type: guinsoo\n"
                + "    datasource: {host: 127.0.0.1, port: " + server.getPort() + ", db: " + database(run)
                + ", schema: PUBLIC, username: sa, password: ''}\n";
    }

    @Override
    public Map<String, Map<String, String>> jobTables(String run) throws Exception {
        try (Connection c = connect(run)) {
            return SameRows.columns(c, "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME, ORDINAL_POSITION");
        }
    }

    @Override
    public long rows(String run, String table) throws Exception {
        try (Connection c = connect(run); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM PUBLIC." + TableRows.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Empty copies of the job's tables in {@code schema}: columns, types and keys as the dialect reads them. */
    private static void copyTables(Connection c, String schema, Map<String, TableRows> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
            for (String table : rows.keySet()) {
                TableSchema job = DIALECT.readSchema(c, "PUBLIC", table);
                LinkedHashMap<String, String> columns = new LinkedHashMap<>();
                for (String column : rows.get(table).columns) {
                    columns.put(column, job.columns.get(column));
                }
                List<String> unique = job.uniqueKeys.isEmpty() ? List.of() : List.of(job.uniqueKeys.get(0).split(","));
                st.execute(DIALECT.createTable(schema, table, columns, job.primaryKey, unique));
            }
        }
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        Path csvDir = Files.createDirectories(dir.resolve("bulk-csv"));
        Map<String, Path> csv = new HashMap<>();
        for (TableRows t : rows.values()) {
            Path f = csvDir.resolve(t.table.replaceAll("[^A-Za-z0-9_]", "_") + ".csv");
            writeCsv(f, t);
            csv.put(t.table, f.toAbsolutePath());
        }
        try (Connection c = connect(run)) {
            copyTables(c, "BULK", rows);
            long start = System.nanoTime();
            try (Statement st = c.createStatement()) {
                for (TableRows t : rows.values()) {
                    // the header row names the columns; null=\N tells NULL from an empty string (the options'
                    // parser takes a backslash as an escape, so it is written twice)
                    long n = st.executeLargeUpdate("INSERT INTO BULK." + TableRows.quote(t.table) + " (" + t.quotedColumns()
                            + ") SELECT * FROM CSVREAD('" + csv.get(t.table).toString().replace("'", "''")
                            + "', NULL, 'charset=UTF-8 fieldSeparator=, null=\\\\N')");
                    if (n != t.rows.size()) {
                        throw new IllegalStateException("CSVREAD into BULK." + t.table + " loaded " + n + " rows, not "
                                + t.rows.size());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            SameRows.require(c, "PUBLIC", "BULK", rows.keySet(), "EXCEPT");
            return seconds;
        }
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        try (Connection c = connect(run)) {
            copyTables(c, "SINGLE", rows);
            double seconds = TableRows.insertOneByOne(c, "SINGLE", rows, order);
            SameRows.require(c, "PUBLIC", "SINGLE", rows.keySet(), "EXCEPT");
            return seconds;
        }
    }

    /** A header of the column names, then every value quoted (quotes doubled), NULL as an unquoted {@code \N}. */
    static void writeCsv(Path file, TableRows t) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(512);
            for (int i = 0; i < t.columns.size(); i++) {
                sb.append(i > 0 ? "," : "").append('"').append(t.columns.get(i).replace("\"", "\"\"")).append('"');
            }
            w.write(sb.append('\n').toString());
            for (Object[] row : t.rows) {
                sb.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    if (row[i] == null) {
                        sb.append("\\N");
                    } else {
                        sb.append('"').append(TableRows.text(row[i]).replace("\"", "\"\"")).append('"');
                    }
                }
                w.write(sb.append('\n').toString());
            }
        }
    }

    /** The rows H2 counts in the run's tables (its count is kept per table, no scan). */
    @Override
    public WriteWatcher.Signature writeSignature(String run) throws Exception {
        Connection c = connect(run);
        return new WriteWatcher.Signature() {
            @Override
            public Long read() throws SQLException {
                long total = 0;
                try (PreparedStatement tables = c.prepareStatement(
                        "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'");
                     ResultSet rs = tables.executeQuery()) {
                    while (rs.next()) {
                        try (Statement st = c.createStatement(); ResultSet n = st.executeQuery(
                                "SELECT COUNT(*) FROM PUBLIC." + TableRows.quote(rs.getString(1)))) {
                            n.next();
                            total += n.getLong(1);
                        }
                    }
                }
                return total;
            }

            @Override
            public void close() throws SQLException {
                c.close();
            }
        };
    }

    @Override
    public String describe() throws Exception {
        try (Connection c = connect("describe"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT H2VERSION()")) {
            rs.next();
            return "H2 " + rs.getString(1) + " TCP server on loopback (file databases; the engine Guinsoo forks)";
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
