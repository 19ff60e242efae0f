package io.luden.stream.sinks.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.bigquery.FakeBigQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The BigQuery writer through the official client against {@link FakeBigQuery}: what the fake received and kept. */
class BigQueryWriterTest {
    private static final String PROJECT = "luden-test";
    private static final String DATASET = "events";

    private FakeBigQuery bq;
    private final MapSchemaCache cache = new MapSchemaCache();

    @BeforeEach
    void start() throws Exception {
        bq = new FakeBigQuery();
    }

    @AfterEach
    void stop() {
        bq.close();
    }

    private BatchWriter writer(Map<String, String> parameters, int maxColumns) {
        return BatchWriters.create(ConnectionSettings.builder("bigquery").host(bq.host()).db(PROJECT).schema(DATASET)
                .parameters(parameters).build(), List.of(), maxColumns);
    }

    private BatchWriter writer() {
        return writer(Map.of(), 1000);
    }

    private static Row row(String id, Field... fields) {
        List<Field> all = new ArrayList<>(List.of(fields));
        all.add(new Field("eventn_ctx_event_id", DataType.STRING, id));
        return new Row("events", id, all);
    }

    private List<FakeBigQuery.StoredRow> stored() {
        return bq.rows(PROJECT, DATASET, "events");
    }

    private long insertAllCalls() {
        return bq.requests().stream().filter(r -> r.path().endsWith("/insertAll")).count();
    }

    @Test
    void createsDatasetAndTableWithSpecTypesAndSendsEventIdsAsInsertIds() {
        List<RowResult> results = writer().write("events", List.of(
                row("e1", new Field("n", DataType.INTEGER, 42L), new Field("price", DataType.FLOAT, new BigDecimal("1.5")),
                        new Field("ok", DataType.BOOLEAN, true), new Field("at", DataType.TIMESTAMP, "2020-08-02T18:23:56.123456+02:00"),
                        new Field("name", DataType.STRING, "ann")),
                row("e2", new Field("n", DataType.INTEGER, -7L))), cache);

        assertThat(results).containsExactly(RowResult.written(), RowResult.written());
        assertThat(bq.hasDataset(PROJECT, DATASET)).isTrue();
        assertThat(bq.schema(PROJECT, DATASET, "events")).containsOnly(entry("n", "INTEGER"), entry("price", "FLOAT"),
                entry("ok", "BOOLEAN"), entry("at", "TIMESTAMP"), entry("name", "STRING"), entry("eventn_ctx_event_id", "STRING"));
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e2");
        JsonNode first = stored().get(0).json();
        assertThat(first.get("n").asText()).isEqualTo("42");
        assertThat(first.get("price").asDouble()).isEqualTo(1.5);
        assertThat(first.get("ok").asBoolean()).isTrue();
        assertThat(first.get("at").asText()).isEqualTo("2020-08-02T16:23:56.123456Z");
        assertThat(first.get("name").asText()).isEqualTo("ann");
        // NoCredentials against a test host: no token was asked for or sent
        assertThat(bq.requests()).allSatisfy(r -> assertThat(r.authorization()).isNull());
        assertThat(cache.asMap().get("events").columns).containsEntry("n", "INT64").containsEntry("ok", "BOOL");
    }

    @Test
    void addsMissingColumnsBySchemaUpdateAndNeverDropsOne() {
        BatchWriter w = writer();
        w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        List<RowResult> results = w.write("events", List.of(row("e2", new Field("b", DataType.INTEGER, 1L)),
                row("e3", new Field("c", DataType.BOOLEAN, false))), cache);

        assertThat(results).containsOnly(RowResult.written());
        assertThat(bq.schema(PROJECT, DATASET, "events")).containsOnlyKeys("a", "b", "c", "eventn_ctx_event_id")
                .containsEntry("b", "INTEGER").containsEntry("c", "BOOLEAN");
        assertThat(bq.requests()).filteredOn(r -> r.method().equals("PATCH") || r.method().equals("PUT")).hasSize(1);
        assertThat(stored()).hasSize(3);
        assertThat(stored().get(1).json().has("a")).isFalse();
    }

    @Test
    void refusesAValueOfAnotherTypeNamingTableColumnTypeAndValueAndWritesItsNeighbours() {
        BatchWriter w = writer();
        w.write("events", List.of(row("e1", new Field("n", DataType.INTEGER, 1L))), cache);
        List<RowResult> results = w.write("events", List.of(row("e2", new Field("n", DataType.INTEGER, 2L)),
                row("e3", new Field("n", DataType.STRING, "abc")), row("e4", new Field("n", DataType.FLOAT, new BigDecimal("2.5")))), cache);

        assertThat(results.get(0)).isEqualTo(RowResult.written());
        assertThat(results.get(1).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(1).reason()).contains("\"n\"", "\"events\"", "int64", "\"abc\"");
        assertThat(results.get(2).reason()).contains("fraction");
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e2");
    }

    @Test
    void aRowBigQueryRefusesIsRefusedWithItsReasonAndTheOthersAreWritten() {
        bq.createTable(PROJECT, DATASET, "events", Map.of("day", "DATE", "eventn_ctx_event_id", "STRING"));
        List<RowResult> results = writer().write("events", List.of(row("e1", new Field("day", DataType.STRING, "2020-08-02")),
                row("e2", new Field("day", DataType.STRING, "yesterday")), row("e3", new Field("day", DataType.STRING, "2020-08-03"))), cache);

        assertThat(results.get(0)).isEqualTo(RowResult.written());
        assertThat(results.get(1).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(1).reason()).contains("\"events\"", "invalid at day", "yesterday");
        assertThat(results.get(2)).isEqualTo(RowResult.written());
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e3");
    }

    @Test
    void sendsAtMost500RowsPerInsertAllCall() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1201; i++) {
            rows.add(row("id-" + i, new Field("i", DataType.INTEGER, (long) i)));
        }
        assertThat(writer().write("events", rows, cache)).hasSize(1201).containsOnly(RowResult.written());

        assertThat(bq.requests()).filteredOn(r -> r.path().endsWith("/insertAll"))
                .extracting(r -> r.body().get("rows").size()).containsExactly(500, 500, 201);
        assertThat(stored()).hasSize(1201);
        assertThat(stored().get(1200).insertId()).isEqualTo("id-1200");
    }

    private long queries() {
        return bq.requests().stream().filter(r -> r.path().endsWith("/queries")).count();
    }

    private List<String> lastInsertIds() {
        List<FakeBigQuery.Request> calls = bq.requests().stream().filter(r -> r.path().endsWith("/insertAll")).toList();
        List<String> ids = new ArrayList<>();
        calls.get(calls.size() - 1).body().get("rows").forEach(r -> ids.add(r.get("insertId").asText()));
        return ids;
    }

    @Test
    void aCallCarriesAtMostAbout8MegabytesOfRows() {
        String big = "x".repeat(1024 * 1024);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row("big-" + i, new Field("blob", DataType.STRING, big)));
        }
        assertThat(writer().write("events", rows, cache)).hasSize(20).containsOnly(RowResult.written());

        assertThat(bq.requests()).filteredOn(r -> r.path().endsWith("/insertAll"))
                .extracting(r -> r.body().get("rows").size()).containsExactly(7, 7, 6);
        assertThat(stored()).hasSize(20);
    }

    @Test
    void aBatchSentAgainWithinTheDedupWindowAddsNoRowByInsertIdAlone() {
        List<Row> rows = List.of(row("e1", new Field("a", DataType.STRING, "x")), row("e2", new Field("a", DataType.STRING, "y")));
        writer(Map.of("dedup_lookup", "false"), 1000).write("events", rows, cache);
        assertThat(writer(Map.of("dedup_lookup", "false"), 1000).write("events", rows, new MapSchemaCache()))
                .containsOnly(RowResult.written()); // as after a restore

        assertThat(insertAllCalls()).isEqualTo(2);
        assertThat(queries()).isZero();
        assertThat(stored()).hasSize(2);
    }

    @Test
    void withoutTheLookUpABatchSentAgainAfterTheDedupWindowIsWrittenTwice() {
        bq.dedupWindow(Duration.ZERO); // BigQuery's de-duplication is best effort, about a minute: past it, a re-send duplicates
        List<Row> rows = List.of(row("e1", new Field("a", DataType.STRING, "x")));
        writer(Map.of("dedup_lookup", "false"), 1000).write("events", rows, cache);
        writer(Map.of("dedup_lookup", "false"), 1000).write("events", rows, new MapSchemaCache());

        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e1");
    }

    @Test
    void aRestoreAfterTheDedupWindowSendsOnlyTheRowsTheTableLacks() {
        bq.dedupWindow(Duration.ZERO);
        writer().write("events", List.of(row("e1", new Field("a", DataType.STRING, "x")), row("e2", new Field("a", DataType.STRING, "y"))), cache);
        assertThat(queries()).as("a table made by the batch is not looked up").isZero();

        BatchWriter restored = writer(); // a new writer with a fresh cache: a restore, a --fresh rerun
        assertThat(restored.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x")), row("e2", new Field("a", DataType.STRING, "y")),
                row("e3", new Field("a", DataType.STRING, "z"))), new MapSchemaCache())).containsOnly(RowResult.written());

        assertThat(queries()).isEqualTo(1);
        assertThat(lastInsertIds()).containsExactly("e3");
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e2", "e3");
        // a batch that finds none of its ids ends the look-ups
        restored.write("events", List.of(row("e4", new Field("a", DataType.STRING, "w"))), cache);
        restored.write("events", List.of(row("e5", new Field("a", DataType.STRING, "v"))), cache);
        assertThat(queries()).isEqualTo(2);
        assertThat(stored()).hasSize(5);
    }

    @Test
    void afterARetryTheRowsAlreadyWrittenAreNotSentAgain() {
        bq.dedupWindow(Duration.ZERO);
        BatchWriter w = writer();
        w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        bq.loseAcks(10); // BigQuery keeps the rows, the answers are lost
        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache))
                .extracting(RowResult::kind).containsExactly(RowResult.Kind.RETRY);
        bq.loseAcks(0);

        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y")), row("e3", new Field("a", DataType.STRING, "z"))), cache))
                .containsOnly(RowResult.written());
        assertThat(lastInsertIds()).containsExactly("e3");
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e2", "e3");
    }

    @Test
    void theSameEventTwiceInOneBatchIsSentOnce() {
        bq.dedupWindow(Duration.ZERO);
        assertThat(writer().write("events", List.of(row("e1", new Field("a", DataType.STRING, "x")), row("e1", new Field("a", DataType.STRING, "x"))), cache))
                .containsOnly(RowResult.written());
        assertThat(stored()).hasSize(1);
    }

    @Test
    void aFailedLookUpIsRetryAndSendsNothing() {
        writer().write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        bq.failNext(10, 503, "backendError", "/queries");

        assertThat(writer().write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), new MapSchemaCache()))
                .singleElement().satisfies(r -> assertThat(r.reason()).contains("looking up", "503"));
        assertThat(insertAllCalls()).isEqualTo(1);
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedAndNothingIsFailed() {
        BatchWriter w = writer();
        w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        bq.failNext(10, 503, "backendError", "/insertAll");
        List<RowResult> results = w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RowResult.Kind.RETRY);
            assertThat(r.reason()).contains("503", "events");
        });
        bq.failNext(10, 429, "rateLimitExceeded", "/insertAll");
        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache))
                .extracting(RowResult::kind).containsExactly(RowResult.Kind.RETRY);
        bq.failNext(0, 0, null, null);

        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache)).containsExactly(RowResult.written());
        assertThat(stored()).extracting(FakeBigQuery.StoredRow::insertId).containsExactly("e1", "e2");
    }

    @Test
    void aFailedCallIsNotFollowedByTheNextChunks() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row("id-" + i, new Field("i", DataType.INTEGER, (long) i)));
        }
        BatchWriter w = writer();
        w.write("events", List.of(rows.get(0)), cache);
        long before = insertAllCalls();
        bq.failNext(100, 500, "internalError", "/insertAll");

        assertThat(w.write("events", rows, cache)).hasSize(1000).extracting(RowResult::kind).containsOnly(RowResult.Kind.RETRY);
        // only the first chunk was tried (by the client, maybe more than once); the later ones were not sent
        assertThat(bq.requests().stream().filter(r -> r.path().endsWith("/insertAll")).skip(before).toList())
                .isNotEmpty().allSatisfy(r -> assertThat(r.body().get("rows").get(0).get("insertId").asText()).isEqualTo("id-0"));
        assertThat(stored()).hasSize(1);
    }

    @Test
    void anUnreachableServerIsRetry() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BatchWriter w = BatchWriters.create(ConnectionSettings.builder("bigquery").host("http://127.0.0.1:" + port)
                .db(PROJECT).schema(DATASET).build(), List.of(), 1000);
        assertThat(w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache))
                .extracting(RowResult::kind).containsExactly(RowResult.Kind.RETRY);
    }

    @Test
    void aColumnBigQueryDoesNotSeeIsRetriedAfterTheSchemaIsReadAgain() {
        BatchWriter w = writer();
        w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        // the table was made again behind the writer's back, without column a; the cache still has it
        bq.createTable(PROJECT, DATASET, "events_tmp", Map.of());
        bq.createTable(PROJECT, DATASET, "events", Map.of("eventn_ctx_event_id", "STRING"));

        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(RowResult.Kind.RETRY);
                    assertThat(r.reason()).contains("no such field: a");
                });
        assertThat(w.write("events", List.of(row("e2", new Field("a", DataType.STRING, "y"))), cache)).containsExactly(RowResult.written());
        assertThat(bq.schema(PROJECT, DATASET, "events")).containsKey("a");
    }

    @Test
    void aRowThatWouldPassMaxColumnsIsRefusedAndTheTableIsNotAltered() {
        BatchWriter w = writer(Map.of(), 3);
        w.write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache);
        List<RowResult> results = w.write("events", List.of(row("e2", new Field("b", DataType.STRING, "y"), new Field("c", DataType.STRING, "z")),
                row("e3", new Field("b", DataType.STRING, "y"))), cache);

        assertThat(results.get(0).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(0).reason()).contains("max_columns 3", "\"c\"");
        assertThat(results.get(1)).isEqualTo(RowResult.written());
        assertThat(bq.schema(PROJECT, DATASET, "events")).containsOnlyKeys("a", "b", "eventn_ctx_event_id");
    }

    @Test
    void explicitTypesMakeTheirColumnAndAnUnknownOneIsRefused() {
        List<RowResult> results = writer().write("events", List.of(
                row("e1", new Field("amount", DataType.FLOAT, new BigDecimal("12.345"), "numeric", null)),
                row("e2", new Field("odd", DataType.STRING, "x", "varchar(10); drop", null))), cache);

        assertThat(results.get(0)).isEqualTo(RowResult.written());
        assertThat(results.get(1).reason()).contains("\"odd\"", "not a BigQuery column type");
        assertThat(bq.schema(PROJECT, DATASET, "events")).containsEntry("amount", "NUMERIC").doesNotContainKey("odd");
        assertThat(new BigDecimal(stored().get(0).json().get("amount").asText())).isEqualByComparingTo("12.345");
    }

    @Test
    void rowsForAViewAreRefusedNotRetried() {
        bq.createView(PROJECT, DATASET, "events");

        assertThat(writer().write("events", List.of(row("e1", new Field("a", DataType.STRING, "x"))), cache))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(RowResult.Kind.REFUSED);
                    assertThat(r.reason()).contains("\"events\"", "VIEW");
                });
        assertThat(insertAllCalls()).isZero();
    }

    @Test
    void newTablesArePartitionedWhenConfigured() {
        writer(Map.of("partition_field", "_timestamp", "partition_granularity", "MONTH"), 1000).write("events",
                List.of(row("e1", new Field("_timestamp", DataType.TIMESTAMP, "2020-08-02T18:23:56Z"))), cache);

        JsonNode partitioning = bq.table(PROJECT, DATASET, "events").get("timePartitioning");
        assertThat(partitioning.get("type").asText()).isEqualTo("MONTH");
        assertThat(partitioning.get("field").asText()).isEqualTo("_timestamp");
    }

    @Test
    void aColumnNameBigQueryRefusesRefusesTheRowWithBigQuerysReason() {
        List<RowResult> results = writer().write("events", List.of(row("e1", new Field("_PARTITIONTIME", DataType.STRING, "x"))), cache);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(RowResult.Kind.REFUSED);
            assertThat(r.reason()).contains("events", "Invalid field name", "HTTP 400");
        });
        assertThat(bq.tables(PROJECT, DATASET)).isEmpty();
    }
}
