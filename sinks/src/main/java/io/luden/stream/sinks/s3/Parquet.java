package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Timestamps;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code format: parquet}: the flattened rows as one Parquet file, written by the embedded DuckDB
 * (already in the job for the default warehouse), so no Hadoop or Parquet library comes along. A
 * column takes the type of its values (STRING → VARCHAR, INTEGER → BIGINT, FLOAT → DOUBLE, TIMESTAMP
 * → TIMESTAMP WITH TIME ZONE, i.e. an instant, BOOLEAN); a column whose values have several types in one
 * object is VARCHAR, so nothing is rounded. Columns sorted by name, a row lacking one has NULL there.
 * {@code compression: gzip} compresses inside the file (Parquet's GZIP codec); otherwise Snappy.
 */
final class Parquet {
    private Parquet() {}

    static byte[] encode(List<ObjectBody.Record> records, boolean gzip) {
        Map<String, Set<DataType>> kinds = new TreeMap<>();
        for (ObjectBody.Record r : records) {
            for (Field f : r.row().fields()) {
                kinds.computeIfAbsent(f.column(), c -> EnumSet.noneOf(DataType.class)).add(f.type());
            }
        }
        for (ObjectBody.Record r : records) { // a timestamp that does not parse makes its column text
            for (Field f : r.row().fields()) {
                if (f.type() == DataType.TIMESTAMP && instant(f.value()) == null) {
                    kinds.get(f.column()).add(DataType.STRING);
                }
            }
        }
        List<String> columns = new ArrayList<>(kinds.keySet());
        List<DataType> types = new ArrayList<>();
        kinds.values().forEach(k -> types.add(k.size() == 1 ? k.iterator().next() : DataType.STRING));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("luden-parquet-");
            Path file = dir.resolve("object.parquet");
            try (Connection c = open(); Statement st = c.createStatement()) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE t (");
                for (int i = 0; i < columns.size(); i++) {
                    ddl.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append(' ').append(sqlType(types.get(i)));
                }
                st.execute(ddl.append(')').toString());
                try (DuckDBAppender appender = c.unwrap(DuckDBConnection.class).createAppender("memory", "main", "t")) {
                    for (ObjectBody.Record r : records) {
                        appender.beginRow();
                        for (int i = 0; i < columns.size(); i++) {
                            Field f = r.row().field(columns.get(i));
                            append(appender, f == null ? null : f.value(), types.get(i));
                        }
                        appender.endRow();
                    }
                }
                st.execute("COPY t TO '" + file.toString().replace("'", "''") + "' (FORMAT PARQUET, COMPRESSION "
                        + (gzip ? "'gzip'" : "'snappy'") + ")");
            }
            return Files.readAllBytes(file);
        } catch (SQLException e) {
            throw new IllegalStateException("writing a Parquet object of " + records.size() + " row(s): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a Parquet object in a temporary file", e);
        } finally {
            delete(dir);
        }
    }

    /** The event ids a Parquet object holds (none when it has no {@code eventn_ctx_event_id} column). */
    static List<String> ids(byte[] body) throws IOException {
        Path dir = Files.createTempDirectory("luden-parquet-");
        try {
            Path file = dir.resolve("object.parquet");
            Files.write(file, body);
            String path = file.toString().replace("'", "''");
            List<String> ids = new ArrayList<>();
            try (Connection c = open(); Statement st = c.createStatement()) {
                boolean hasId = false;
                try (ResultSet rs = st.executeQuery("SELECT name FROM parquet_schema('" + path + "')")) {
                    while (rs.next()) {
                        hasId |= ObjectBody.ID_COLUMN.equals(rs.getString(1));
                    }
                }
                if (!hasId) {
                    return ids;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT CAST(" + quote(ObjectBody.ID_COLUMN)
                        + " AS VARCHAR) FROM read_parquet('" + path + "') WHERE " + quote(ObjectBody.ID_COLUMN)
                        + " IS NOT NULL");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IOException("not a readable Parquet object: " + e.getMessage(), e);
            }
            return ids;
        } finally {
            delete(dir);
        }
    }

    private static Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("threads", "1"); // one object at a time, on the writer's thread
        return JdbcDrivers.connect("jdbc:duckdb:", p);
    }

    static String sqlType(DataType type) {
        return switch (type) {
            case INTEGER -> "BIGINT";
            case FLOAT -> "DOUBLE";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case BOOLEAN -> "BOOLEAN";
            default -> "VARCHAR";
        };
    }

    private static void append(DuckDBAppender appender, Object v, DataType type) throws SQLException {
        if (v == null) {
            appender.appendNull();
            return;
        }
        switch (type) {
            case INTEGER -> appender.append(v instanceof BigDecimal d ? d.longValueExact() : ((Number) v).longValue());
            case FLOAT -> appender.append(((Number) v).doubleValue());
            case BOOLEAN -> appender.append((boolean) (Boolean) v);
            case TIMESTAMP -> appender.append(instant(v));
            default -> appender.append(v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
    }

    private static OffsetDateTime instant(Object v) {
        return v instanceof OffsetDateTime t ? t : Timestamps.parse(v.toString());
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind: the OS's temp cleaning takes it
        }
    }
}
