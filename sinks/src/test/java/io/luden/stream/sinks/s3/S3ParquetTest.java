package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.S3Fixture;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.luden.stream.sinks.s3.S3WriterTest.row;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code format: parquet} against a real S3 API server (s3proxy); the objects read back as Parquet files. */
class S3ParquetTest {
    private static final String BUCKET = "events";

    private final S3Fixture s3 = new S3Fixture();
    @RegisterExtension
    final S3ProxyExtension server = s3.extension;
    private final List<BatchWriter> writers = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void bucket() {
        s3.createBucket(BUCKET);
    }

    @AfterEach
    void close() {
        writers.forEach(BatchWriter::close);
        s3.close();
    }

    private BatchWriter writer(Map<String, String> parameters) {
        BatchWriter w = BatchWriters.create(s3.settings(BUCKET, parameters), List.of(), 0);
        writers.add(w);
        return w;
    }

    /** The object {@code key} as a file, and a query over it. */
    private List<Map<String, Object>> query(String key, String sql) throws Exception {
        Path file = dir.resolve(key.replace('/', '_'));
        Files.write(file, s3.bytes(BUCKET, key));
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql.replace("$file", "'" + file + "'"))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> r = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    r.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(r);
            }
            return rows;
        }
    }

    @Test
    void theRowsAreOneParquetFileWithTypedColumnsSortedByName() throws Exception {
        List<RowResult> results = writer(Map.of("format", "parquet")).write("pages", List.of(
                row("pages", "a", "2026-03-01T10:00:05.123456Z", "n", DataType.INTEGER, 9007199254740993L,
                        "ok", DataType.BOOLEAN, true, "price", DataType.FLOAT, new BigDecimal("1.5"),
                        "mixed", DataType.INTEGER, 12345678901234567L),
                row("pages", "b", "2026-03-01 12:00:00+02:00", "title", DataType.STRING, "Grüße \"quoted\"",
                        "mixed", DataType.STRING, "text")), new MapSchemaCache());

        assertThat(results).containsExactly(RowResult.written(), RowResult.written());
        List<String> keys = s3.keys(BUCKET);
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).matches("pages-2026-03-01T10:00:00-10:00:05-[0-9a-f]{16}\\.parquet");
        byte[] body = s3.bytes(BUCKET, keys.get(0));
        assertThat(new String(Arrays.copyOfRange(body, 0, 4), StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(Arrays.copyOfRange(body, body.length - 4, body.length), StandardCharsets.US_ASCII))
                .isEqualTo("PAR1");

        Map<String, Object> types = new LinkedHashMap<>();
        for (Map<String, Object> c : query(keys.get(0), "DESCRIBE SELECT * FROM read_parquet($file)")) {
            types.put((String) c.get("column_name"), c.get("column_type"));
        }
        assertThat(types).containsExactly(Map.entry("_timestamp", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("eventn_ctx_event_id", "VARCHAR"), Map.entry("mixed", "VARCHAR"), Map.entry("n", "BIGINT"),
                Map.entry("ok", "BOOLEAN"), Map.entry("price", "DOUBLE"), Map.entry("title", "VARCHAR"));
        List<Map<String, Object>> rows = query(keys.get(0), "SELECT eventn_ctx_event_id AS id, n, ok, price, title, mixed,"
                + " epoch_us(_timestamp) AS us FROM read_parquet($file) ORDER BY id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("id", "a").containsEntry("n", 9007199254740993L).containsEntry("ok", true)
                .containsEntry("price", 1.5).containsEntry("mixed", "12345678901234567") // several types: text, exact
                .containsEntry("us", 1772359205123456L).containsEntry("title", null);
        assertThat(rows.get(1)).containsEntry("id", "b").containsEntry("title", "Grüße \"quoted\"")
                .containsEntry("mixed", "text").containsEntry("n", null).containsEntry("us", 1772359200000000L);
    }

    @Test
    void gzipIsTheCodecInsideTheFileAndTheKeyStaysParquet() throws Exception {
        writer(Map.of("format", "parquet", "compression", "gzip"))
                .write("pages", List.of(row("pages", "a", "2026-03-01T10:00:00Z")), new MapSchemaCache());

        String key = s3.keys(BUCKET).get(0);
        assertThat(key).endsWith(".parquet");
        assertThat(query(key, "SELECT DISTINCT compression FROM parquet_metadata($file)"))
                .extracting(r -> r.get("compression")).containsExactly("GZIP");
        assertThat(query(key, "SELECT eventn_ctx_event_id FROM read_parquet($file)"))
                .extracting(r -> r.get("eventn_ctx_event_id")).containsExactly("a");
    }

    @Test
    void aReopenedWriterFindsTheEventsOfParquetObjectsAndDoesNotWriteThemAgain() throws Exception {
        BatchWriter first = writer(Map.of("format", "parquet"));
        first.write("pages", List.of(row("pages", "a", "2026-03-01T10:00:00Z"), row("pages", "b", "2026-03-01T10:00:01Z")),
                new MapSchemaCache());
        first.close();
        writers.remove(first);

        BatchWriter second = writer(Map.of("format", "parquet"));
        List<RowResult> results = second.write("pages", List.of(row("pages", "b", "2026-03-01T10:00:01Z"),
                row("pages", "c", "2026-03-01T10:00:02Z")), new MapSchemaCache());

        assertThat(results).containsOnly(RowResult.written());
        List<String> ids = new ArrayList<>();
        for (String key : s3.keys(BUCKET)) {
            query(key, "SELECT eventn_ctx_event_id AS id FROM read_parquet($file)").forEach(r -> ids.add((String) r.get("id")));
        }
        assertThat(ids).containsExactlyInAnyOrder("a", "b", "c");
    }
}
