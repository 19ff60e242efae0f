package io.luden.stream.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DuckDB files: the job's {@code <run dir>/warehouse.duckdb} (schema {@code main}); the bulk and
 * single-row copies each in a fresh file of their own ({@code bulk.duckdb}, {@code single.duckdb})
 * created with the job's own {@code CREATE TABLE} text from {@code duckdb_tables()} (same columns,
 * same unique key). The bulk path is {@code COPY … FROM 'table.csv'} (CSV files written beforehand,
 * not timed).
 */
final class DuckDbTarget implements Target {
    private final Path dir;
    private final Map<String, Path> files = new HashMap<>();

    DuckDbTarget(Path dir) {
        this.dir = dir;
    }

    private static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String bulkPath() {
        return "COPY FROM csv";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) throws Exception {
        Path file = runDir.resolve("warehouse.duckdb").toAbsolutePath();
        Files.deleteIfExists(file);
        files.put(run, file);
        return "    type: duckdb\n"
                + "    datasource: {path: '" + file + "', schema: main}\n";
    }

    @Override
    public Map<String, Map<String, String>> jobTables(String run) throws Exception {
        try (Connection c = connect(files.get(run))) {
            return SameRows.columns(c, "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'main' ORDER BY table_name, ordinal_position");
        }
    }

    @Override
    public long rows(String run, String table) throws Exception {
        try (Connection c = connect(files.get(run)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM main." + TableRows.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A fresh file with the job's tables, empty, defined by the job's own CREATE TABLE statements. */
    private Path copyOf(String run, String name, Map<String, TableRows> rows) throws Exception {
        Map<String, String> ddl = new HashMap<>();
        try (Connection c = connect(files.get(run));
             PreparedStatement ps = c.prepareStatement("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?")) {
            for (String table : rows.keySet()) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no table " + table + " in " + files.get(run));
                    }
                    ddl.put(table, rs.getString(1));
                }
            }
        }
        Path file = dir.resolve(name + ".duckdb");
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve(name + ".duckdb.wal"));
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            for (String sql : ddl.values()) {
                st.execute(sql);
            }
        }
        return file;
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        Path file = copyOf(run, "bulk", rows);
        Path csvDir = Files.createDirectories(dir.resolve("bulk-csv"));
        Map<String, Path> csv = new HashMap<>();
        for (TableRows t : rows.values()) {
            Path f = csvDir.resolve(t.table + ".csv");
            writeCsv(f, t);
            csv.put(t.table, f);
        }
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            for (TableRows t : rows.values()) {
                st.execute("COPY main." + TableRows.quote(t.table) + " (" + t.quotedColumns() + ") FROM '"
                        + csv.get(t.table).toAbsolutePath().toString().replace("'", "''")
                        + "' (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NULL '\\N',"
                        + " ALLOW_QUOTED_NULLS false)");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            requireSameRows(c, run, rows);
            return seconds;
        }
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        Path file = copyOf(run, "single", rows);
        try (Connection c = connect(file)) {
            c.setAutoCommit(true);
            double seconds = TableRows.insertOneByOne(c, "main", rows, order);
            requireSameRows(c, run, rows);
            return seconds;
        }
    }

    /** Both ways EXCEPT ALL against the job's file, attached read-only. */
    private void requireSameRows(Connection c, String run, Map<String, TableRows> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("ATTACH '" + files.get(run).toString().replace("'", "''") + "' AS job (READ_ONLY)");
            try {
                SameRows.require(c, "job.main", "main", rows.keySet(), "EXCEPT ALL");
            } finally {
                st.execute("DETACH job");
            }
        }
    }

    /** RFC 4180 CSV, every value quoted, NULL as an unquoted {@code \N}. */
    static void writeCsv(Path file, TableRows t) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(512);
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
                sb.append('\n');
                w.write(sb.toString());
            }
        }
    }

    /** The size of the job's write-ahead log (every commit appends to it); absent: not counted. */
    @Override
    public WriteWatcher.Signature writeSignature(String run) {
        Path wal = Path.of(files.get(run) + ".wal");
        return () -> {
            try {
                return Files.size(wal);
            } catch (IOException absent) {
                return null;
            }
        };
    }

    @Override
    public String describe() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version()")) {
            rs.next();
            return "DuckDB " + rs.getString(1) + " (file database)";
        }
    }

    @Override
    public void close() {}
}
