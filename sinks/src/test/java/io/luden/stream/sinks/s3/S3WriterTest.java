package io.luden.stream.sinks.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The S3 writer against a real S3 API server (s3proxy): what lands in the bucket, per format (Parquet read back as Parquet files). */
class S3WriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "events";

    private final S3Fixture s3 = new S3Fixture();
    @RegisterExtension
    final S3ProxyExtension server = s3.extension;
    private final List<BatchWriter> writers = new ArrayList<>();

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

    static Row row(String table, String id, String timestamp, Object... more) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("eventn_ctx_event_id", DataType.STRING, id));
        fields.add(new Field("_timestamp", DataType.TIMESTAMP, timestamp));
        for (int i = 0; i < more.length; i += 3) {
            fields.add(new Field((String) more[i], (DataType) more[i + 1], more[i + 2]));
        }
        ObjectNode source = JSON.createObjectNode();
        source.putObject("eventn_ctx").put("event_id", id);
        source.put("_timestamp", timestamp);
        source.put("nested", "source of " + id);
        return new Row(table, id, fields, source);
    }

    private static List<RowResult> write(BatchWriter w, String table, Row... rows) {
        return w.write(table, List.of(rows), new MapSchemaCache());
    }

    @Test
    void flatJsonWritesOneObjectPerTableNamedAsJitsuWithTypedValues() throws Exception {
        BatchWriter w = writer(Map.of());
        List<RowResult> results = write(w, "pages",
                row("pages", "a", "2026-03-01T10:00:05.123456Z", "n", DataType.INTEGER, 42L, "ok", DataType.BOOLEAN, true,
                        "price", DataType.FLOAT, new BigDecimal("1.50")),
                row("pages", "b", "2026-03-01 12:00:00+02:00", "when", DataType.TIMESTAMP, "2026-03-01T11:00:00+01:00"));

        assertThat(results).containsExactly(RowResult.written(), RowResult.written());
        List<String> keys = s3.keys(BUCKET);
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).matches("pages-2026-03-01T10:00:00-10:00:05-[0-9a-f]{16}\\.log");
        String[] lines = s3.text(BUCKET, keys.get(0)).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode a = JSON.readTree(lines[0]);
        assertThat(a.get("n").isIntegralNumber()).isTrue();
        assertThat(a.get("n").asLong()).isEqualTo(42);
        assertThat(a.get("ok").isBoolean()).isTrue();
        assertThat(lines[0]).contains("\"price\":1.50");
        assertThat(a.get("_timestamp").asText()).isEqualTo("2026-03-01T10:00:05.123456Z");
        JsonNode b = JSON.readTree(lines[1]);
        assertThat(b.get("_timestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(b.get("when").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(b.has("nested")).isFalse();
    }

    @Test
    void jsonFormatWritesTheEventTheRowWasMadeFrom() throws Exception {
        BatchWriter w = writer(Map.of("format", "json"));
        write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));

        String text = s3.text(BUCKET, s3.keys(BUCKET).get(0));
        JsonNode event = JSON.readTree(text.strip());
        assertThat(event.get("nested").asText()).isEqualTo("source of a");
        assertThat(event.get("eventn_ctx").get("event_id").asText()).isEqualTo("a");
    }

    @Test
    void jsonFormatRefusesARowWithoutItsEventAndWritesTheOthers() {
        BatchWriter w = writer(Map.of("format", "json"));
        Row bare = new Row("pages", "x", List.of(new Field("eventn_ctx_event_id", DataType.STRING, "x")));
        List<RowResult> results = write(w, "pages", bare, row("pages", "a", "2026-03-01T10:00:00Z"));

        assertThat(results.get(0).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(0).reason()).contains("format json").contains("event x").contains("pages");
        assertThat(results.get(1)).isEqualTo(RowResult.written());
        assertThat(s3.jsonLines(BUCKET, "")).extracting(n -> n.get("eventn_ctx").get("event_id").asText())
                .containsExactly("a");
    }

    @Test
    void csvHasTheSortedUnionOfTheBatchColumnsAndQuotesWhatNeedsIt() {
        BatchWriter w = writer(Map.of("format", "csv"));
        write(w, "pages",
                row("pages", "a", "2026-03-01T10:00:00Z", "title", DataType.STRING, "Hello, \"world\"\nagain"),
                row("pages", "b", "2026-03-01T10:00:01Z", "n", DataType.INTEGER, 7L));

        String text = s3.text(BUCKET, s3.keys(BUCKET).get(0));
        assertThat(text).isEqualTo("_timestamp,eventn_ctx_event_id,n,title\n"
                + "2026-03-01T10:00:00Z,a,,\"Hello, \"\"world\"\"\nagain\"\n"
                + "2026-03-01T10:00:01Z,b,7,\n");
        assertThat(Csv.read(text).get(1)).containsExactly("2026-03-01T10:00:00Z", "a", "", "Hello, \"world\"\nagain");
    }

    @Test
    void gzipCompressesTheBodyAndAddsGzToTheKey() {
        BatchWriter w = writer(Map.of("compression", "gzip"));
        write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));

        String key = s3.keys(BUCKET).get(0);
        assertThat(key).endsWith(".log.gz");
        byte[] raw = s3.bytes(BUCKET, key);
        assertThat(raw[0] & 0xff).isEqualTo(0x1f);
        assertThat(raw[1] & 0xff).isEqualTo(0x8b);
        assertThat(s3.text(BUCKET, key)).contains("\"eventn_ctx_event_id\":\"a\"");
    }

    @Test
    void folderPrefixesEveryKeyAndEachTableGetsItsOwnObject() {
        BatchWriter w = writer(Map.of("folder", "luden/raw"));
        write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));
        write(w, "clicks", row("clicks", "b", "2026-03-01T10:00:00Z"));

        assertThat(s3.keys(BUCKET)).hasSize(2).allMatch(k -> k.startsWith("luden/raw/"))
                .anyMatch(k -> k.startsWith("luden/raw/pages-")).anyMatch(k -> k.startsWith("luden/raw/clicks-"));
    }

    @Test
    void theSameRowsHandedInAgainAddNothing() {
        BatchWriter w = writer(Map.of());
        Row a = row("pages", "a", "2026-03-01T10:00:00Z");
        Row b = row("pages", "b", "2026-03-01T10:00:01Z");
        write(w, "pages", a, b);
        List<RowResult> again = write(w, "pages", a, b);

        assertThat(again).containsExactly(RowResult.written(), RowResult.written());
        assertThat(s3.keys(BUCKET)).hasSize(1);
        assertThat(s3.jsonLines(BUCKET, "")).hasSize(2);
    }

    @Test
    void aReopenedWriterSkipsEventsAnEarlierRunWroteEvenInOtherBatches() {
        BatchWriter first = writer(Map.of("compression", "gzip"));
        write(first, "pages", row("pages", "a", "2026-03-01T10:00:00Z"), row("pages", "b", "2026-03-01T10:00:01Z"),
                row("pages", "c", "2026-03-01T10:00:02Z"));
        first.close();
        writers.remove(first);

        // after a restore the loader cuts its batches anew: b and c come again, with d that is new
        BatchWriter second = writer(Map.of("compression", "gzip"));
        List<RowResult> results = write(second, "pages", row("pages", "b", "2026-03-01T10:00:01Z"),
                row("pages", "c", "2026-03-01T10:00:02Z"), row("pages", "d", "2026-03-01T10:00:03Z"));

        assertThat(results).containsOnly(RowResult.written());
        assertThat(s3.keys(BUCKET)).hasSize(2);
        assertThat(s3.jsonLines(BUCKET, "")).extracting(n -> n.get("eventn_ctx_event_id").asText())
                .containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void aReopenedWriterReadsObjectsOfEveryFormatAnEarlierRunWrote() {
        BatchWriter csv = writer(Map.of("format", "csv"));
        write(csv, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));
        BatchWriter json = writer(Map.of("format", "json", "compression", "gzip"));
        write(json, "pages", row("pages", "b", "2026-03-01T10:00:00Z"));

        BatchWriter reopened = writer(Map.of());
        write(reopened, "pages", row("pages", "a", "2026-03-01T10:00:00Z"), row("pages", "b", "2026-03-01T10:00:00Z"),
                row("pages", "c", "2026-03-01T10:00:00Z"));

        assertThat(s3.keys(BUCKET)).hasSize(3);
        List<JsonNode> flat = new ArrayList<>();
        for (String key : s3.keys(BUCKET)) {
            if (key.endsWith(".log") && s3.text(BUCKET, key).startsWith("{")) {
                flat.addAll(s3.jsonLines(BUCKET, key));
            }
        }
        assertThat(flat).extracting(n -> n.get("eventn_ctx_event_id").asText()).containsExactly("c");
    }

    @Test
    void aTableWhoseNameExtendsAnotherKeepsItsOwnEvents() {
        BatchWriter w = writer(Map.of());
        write(w, "page-view", row("page-view", "a", "2026-03-01T10:00:00Z"));
        BatchWriter reopened = writer(Map.of());
        List<RowResult> results = write(reopened, "page", row("page", "a", "2026-03-01T10:00:00Z"));

        assertThat(results).containsExactly(RowResult.written());
        assertThat(s3.keys(BUCKET)).hasSize(2).anyMatch(k -> k.startsWith("page-2026"));
    }

    @Test
    void eventsAreForgottenOnceTheDedupWindowHasPassed() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
        S3Settings settings = S3Settings.of(s3.settings(BUCKET, Map.of("dedup_window", "60000")));
        S3Writer w = new S3Writer(settings, S3Clients.create(settings), now::get);
        writers.add(w);
        Row a = row("pages", "a", "2026-03-01T10:00:00Z");
        write(w, "pages", a);
        now.set(now.get().plusSeconds(30));
        write(w, "pages", a);
        assertThat(s3.jsonLines(BUCKET, "")).hasSize(1);

        now.set(now.get().plusSeconds(61));
        write(w, "pages", a, row("pages", "b", "2026-03-01T10:00:00Z"));
        assertThat(s3.jsonLines(BUCKET, "")).extracting(n -> n.get("eventn_ctx_event_id").asText())
                .containsExactlyInAnyOrder("a", "a", "b");
    }

    @Test
    void badCredentialsAreRetriedNotFailed() {
        Map<String, String> p = new java.util.TreeMap<>(s3.settings(BUCKET, Map.of()).parameters());
        BatchWriter w = BatchWriters.create(io.luden.stream.sinks.ConnectionSettings.builder("s3").username("wrong")
                .password("wrong").parameters(p).build(), List.of(), 0);
        writers.add(w);
        List<RowResult> results = write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));

        assertThat(results.get(0).kind()).isEqualTo(RowResult.Kind.RETRY);
        assertThat(results.get(0).reason()).contains("s3://" + BUCKET).contains("HTTP 403");
        assertThat(s3.keys(BUCKET)).isEmpty();
    }

    @Test
    void aMissingBucketIsRetriedAndNamed() {
        BatchWriter w = BatchWriters.create(s3.settings("no-such-bucket", Map.of()), List.of(), 0);
        writers.add(w);
        List<RowResult> results = write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));

        assertThat(results.get(0).kind()).isEqualTo(RowResult.Kind.RETRY);
        assertThat(results.get(0).reason()).contains("no-such-bucket").contains("NoSuchBucket");
    }

    @Test
    void anUnreachableEndpointIsRetried() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BatchWriter w = writer(Map.of("endpoint", "http://127.0.0.1:" + port));
        List<RowResult> results = write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));

        assertThat(results.get(0).kind()).isEqualTo(RowResult.Kind.RETRY);
        assertThat(results.get(0).reason()).contains("127.0.0.1:" + port);
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownIsCheckedInTheBucketBeforeTheNextOne() {
        BatchWriter w = writer(Map.of());
        write(w, "pages", row("pages", "a", "2026-03-01T10:00:00Z"));
        // another writer (standing for a PUT that landed while this one saw a timeout) wrote b
        BatchWriter other = writer(Map.of());
        write(other, "pages", row("pages", "b", "2026-03-01T10:00:00Z"));
        ((S3Writer) w).markUnknown("pages");

        write(w, "pages", row("pages", "b", "2026-03-01T10:00:00Z"), row("pages", "c", "2026-03-01T10:00:00Z"));
        assertThat(s3.jsonLines(BUCKET, "")).extracting(n -> n.get("eventn_ctx_event_id").asText())
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    // ---- format: parquet (objects read back as Parquet files) ----

    @TempDir
    Path dir;

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
