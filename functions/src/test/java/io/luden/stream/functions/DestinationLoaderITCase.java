package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.config.BatchSettings;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * SPEC §1 steps 5–8, §9–§11 and DESIGN "The loader's state": the {@link DestinationLoader} driven
 * through Flink's keyed operator test harness against a real (embedded) PostgreSQL. Each test
 * writes to a fresh schema and reads back rows, side outputs and keyed state.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DestinationLoaderITCase {
    private static final String DESTINATION = "pg";
    private static final String TABLE = "events";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final PostgresFixture postgres = PostgresFixture.get();
    private final List<DestinationLoaderHarness> opened = new ArrayList<>();
    private String schema;

    @BeforeEach
    void freshSchema() {
        schema = "loader" + SCHEMAS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeHarnesses() throws Exception {
        for (DestinationLoaderHarness h : opened) {
            h.close();
        }
    }

    @Test
    void loadsEventAndArchivesIt() throws Exception {
        DestinationLoaderHarness loader = open(null);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"event_type\":\"pageview\",\"n\":42}");

        loader.process(e1);

        assertThat(rows()).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("eventn_ctx_event_id", "e1").containsEntry("event_type", "pageview");
            assertThat(((Number) r.get("n")).longValue()).isEqualTo(42L);
        });
        assertThat(loader.archive()).containsExactly(e1.json);
        assertThat(loader.failed()).isEmpty();
        assertThat(loader.queued()).isEmpty();
        assertThat(loader.processingTimeTimers()).isZero();
    }

    @Test
    void cachesTableSchemaInKeyedState() throws Exception {
        DestinationLoaderHarness loader = open(null);

        loader.process(event(1, "{\"event_id\":\"e1\",\"user\":{\"id\":7,\"name\":\"ann\"}}"));

        Map<String, TableSchema> cached = loader.schemas();
        assertThat(cached).containsOnlyKeys(TABLE);
        TableSchema events = cached.get(TABLE);
        assertThat(events.table).isEqualTo(TABLE);
        assertThat(events.columns).containsOnlyKeys("eventn_ctx_event_id", "_timestamp", "user_id", "user_name")
                .isEqualTo(warehouseColumns());
        assertThat(events.uniqueKeys).containsExactly("eventn_ctx_event_id");
        // the state types are POJOs all the way down: nothing in the schema cache falls back to Kryo
        TypeInformation<TableSchema> info = TypeInformation.of(TableSchema.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<TableSchema> pojo = (PojoTypeInfo<TableSchema>) info;
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
                    .as("type of TableSchema.%s", pojo.getPojoFieldAt(i).getField().getName())
                    .isNotInstanceOf(GenericTypeInfo.class);
        }
    }

    @Test
    void schemaCacheSurvivesSnapshotAndRestore() throws Exception {
        DestinationLoaderHarness first = open(null);
        first.process(event(1, "{\"event_id\":\"e1\",\"a\":\"1\"}"));
        TableSchema before = first.schemas().get(TABLE);
        OperatorSubtaskState snapshot = first.snapshot(1L);
        first.close();

        DestinationLoaderHarness restored = restore(settings(), null, snapshot);
        assertThat(restored.schemas()).containsOnlyKeys(TABLE).containsEntry(TABLE, before);

        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"a\":\"2\",\"b\":\"new\"}");
        restored.process(e2);

        assertThat(postgres.columnTypes(schema, TABLE)).containsKey("b");
        assertThat(rows()).extracting(r -> r.get("eventn_ctx_event_id"), r -> r.get("b"))
                .containsExactly(tuple("e1", null),
                        tuple("e2", "new"));
        assertThat(restored.schemas().get(TABLE).columns).containsKey("b").isEqualTo(warehouseColumns());
        assertThat(restored.archive()).containsExactly(e2.json);
        assertThat(restored.failed()).isEmpty();
    }

    @Test
    void staleCacheIsClearedAndReReadAfterAnInsertError() throws Exception {
        DestinationLoaderHarness loader = open(null);
        loader.process(event(1, "{\"event_id\":\"e1\",\"a\":\"1\",\"x\":\"1\"}"));
        assertThat(loader.schemas().get(TABLE).columns).containsKey("x");
        postgres.execute("ALTER TABLE " + table() + " DROP COLUMN x");

        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"a\":\"2\",\"x\":\"2\"}");
        loader.process(e2);

        assertThat(rows()).extracting(r -> r.get("x")).containsExactly(null, "2");
        assertThat(loader.schemas().get(TABLE).columns).containsKey("x").isEqualTo(warehouseColumns());
        assertThat(loader.archive()).hasSize(2).last().isEqualTo(e2.json);
        assertThat(loader.failed()).isEmpty();
    }

    @Test
    void tableDroppedBehindTheCacheIsCreatedAgain() throws Exception {
        DestinationLoaderHarness loader = open(null);
        loader.process(event(1, "{\"event_id\":\"e1\",\"a\":\"1\"}"));
        postgres.execute("DROP TABLE " + table());

        loader.process(event(2, "{\"event_id\":\"e2\",\"a\":\"2\",\"c\":true}"));

        assertThat(rows()).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("eventn_ctx_event_id", "e2").containsEntry("a", "2").containsEntry("c", true));
        assertThat(loader.schemas().get(TABLE).columns).isEqualTo(warehouseColumns());
        assertThat(loader.schemas().get(TABLE).uniqueKeys).containsExactly("eventn_ctx_event_id");
        assertThat(loader.archive()).hasSize(2);
        assertThat(loader.failed()).isEmpty();
    }

    @Test
    void typeConflictGoesToFailedWithReason() throws Exception {
        DestinationLoaderHarness loader = open(null);
        loader.process(event(1, "{\"event_id\":\"e1\",\"n\":1}"));
        assertThat(postgres.columnTypes(schema, TABLE)).containsEntry("n", "bigint");
        Instant before = Instant.now();

        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"n\":\"a\"}");
        loader.process(e2);

        assertThat(rows()).extracting(r -> r.get("eventn_ctx_event_id")).containsExactly("e1");
        assertThat(loader.archive()).hasSize(1);
        assertThat(loader.failed()).singleElement().satisfies(line -> {
            JsonNode failed = Events.mapper().readTree(line);
            assertThat(failed.get("event")).isEqualTo(Events.mapper().readTree(e2.json));
            assertThat(failed.get("error").asText()).contains("\"n\"", "bigint", "\"a\"");
            assertThat(failed.get("event_id").asText()).isEqualTo("e2");
            assertThat(failed.get("destination_id").asText()).isEqualTo(DESTINATION);
            assertThat(Instant.parse(failed.get("timestamp").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        });
        assertThat(loader.queued()).isEmpty();
    }

    @Test
    void lowerCaseAndSpaceSeparatedDateTimesLandInTimestampColumnsAtTheirInstant() throws Exception {
        DestinationLoaderHarness loader = open(null);

        loader.process(event(1, "{\"event_id\":\"e1\",\"_timestamp\":\"2020-06-16t23:00:00.25z\","
                + "\"seen_at\":\"2020-06-16 23:00:00+02:00\",\"day\":\"2020-06-16\"}"));

        assertThat(warehouseColumns()).containsEntry("_timestamp", "timestamp without time zone")
                .containsEntry("seen_at", "timestamp without time zone").containsEntry("day", "text");
        assertThat(postgres.query("SELECT CAST(_timestamp AS text) AS ts, CAST(seen_at AS text) AS seen, day FROM " + table()))
                .containsExactly(Map.of("ts", "2020-06-16 23:00:00.25", "seen", "2020-06-16 21:00:00", "day", "2020-06-16"));
        assertThat(loader.failed()).isEmpty();
    }

    @Test
    void skipsEventWhenTemplateIsEmpty() throws Exception {
        DestinationLoaderHarness loader = open("{{if eq .event_type \"skip\"}}{{else}}events{{end}}");

        loader.process(event(1, "{\"event_id\":\"e1\",\"event_type\":\"skip\"}"));

        assertThat(postgres.columnTypes(schema, TABLE)).as("no table was created").isEmpty();
        assertThat(loader.archive()).isEmpty();
        assertThat(loader.failed()).isEmpty();
        assertThat(loader.queued()).isEmpty();

        // the same template does route other events
        EventRecord kept = event(2, "{\"event_id\":\"e2\",\"event_type\":\"pageview\"}");
        loader.process(kept);
        assertThat(rows()).extracting(r -> r.get("eventn_ctx_event_id")).containsExactly("e2");
        assertThat(loader.archive()).containsExactly(kept.json);
    }

    @Test
    void replayedEventDoesNotMakeASecondRow() throws Exception {
        DestinationLoaderHarness loader = open(null);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"a\":\"1\"}");

        loader.process(e1, e1);

        assertThat(rows()).extracting(r -> r.get("eventn_ctx_event_id")).containsExactly("e1");
        assertThat(loader.archive()).containsExactly(e1.json, e1.json);
        assertThat(loader.failed()).isEmpty();
    }

    @Test
    void unreachableWarehouseQueuesEventsInOrderAndRetriesFromTimer() throws Exception {
        DestinationLoaderHarness down = open(unreachableSettings(), null);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"seq\":1}");
        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"seq\":2}");
        EventRecord e3 = event(3, "{\"event_id\":\"e3\",\"seq\":3}");

        down.process(e1, e2, e3);

        assertThat(down.failed()).isEmpty();
        assertThat(down.archive()).isEmpty();
        assertThat(down.queued()).containsExactly(e1, e2, e3);
        assertThat(down.processingTimeTimers()).isEqualTo(1);
        assertThat(down.queueState().attempts).isEqualTo(1);
        long firstRetry = down.queueState().nextAttemptAt;
        assertThat(firstRetry).isEqualTo(DestinationLoaderHarness.START + io.luden.stream.config.RetryBackoff.DEFAULT.initial().toMillis());

        // the retry finds it still down: back-off doubles, nothing fails, nothing moves
        down.setProcessingTime(firstRetry);
        assertThat(down.failed()).isEmpty();
        assertThat(down.queued()).containsExactly(e1, e2, e3);
        assertThat(down.queueState().attempts).isEqualTo(2);
        long secondRetry = down.queueState().nextAttemptAt;
        assertThat(secondRetry).isEqualTo(firstRetry + 2 * io.luden.stream.config.RetryBackoff.DEFAULT.initial().toMillis());
        assertThat(down.processingTimeTimers()).isEqualTo(1);

        OperatorSubtaskState snapshot = down.snapshot(1L);
        down.close();
        assertThat(postgres.columnTypes(schema, TABLE)).isEmpty();

        // restored with the warehouse reachable: the queue and its timer came back with the state
        DestinationLoaderHarness up = restore(settings(), null, snapshot);
        assertThat(up.queued()).containsExactly(e1, e2, e3);
        assertThat(up.processingTimeTimers()).isEqualTo(1);
        EventRecord e4 = event(4, "{\"event_id\":\"e4\",\"seq\":4}");
        up.process(e4);
        assertThat(up.queued()).as("a new event waits behind the queue").containsExactly(e1, e2, e3, e4);
        assertThat(up.archive()).isEmpty();

        up.setProcessingTime(secondRetry);

        assertThat(up.archive()).containsExactly(e1.json, e2.json, e3.json, e4.json);
        assertThat(up.failed()).isEmpty();
        assertThat(postgres.query("SELECT eventn_ctx_event_id, seq FROM " + table()
                + " ORDER BY xmin::text::bigint")).extracting(r -> r.get("eventn_ctx_event_id"))
                .containsExactly("e1", "e2", "e3", "e4");
        assertThat(up.queued()).isEmpty();
        assertThat(up.queueState().nextAttemptAt).isZero();
        assertThat(up.queueState().attempts).isZero();
        assertThat(up.processingTimeTimers()).isZero();

        // drained: the next event goes straight in
        EventRecord e5 = event(5, "{\"event_id\":\"e5\",\"seq\":5}");
        up.process(e5);
        assertThat(up.archive()).last().isEqualTo(e5.json);
        assertThat(rows()).hasSize(5);
    }

    @Test
    void unreachableDestinationDoesNotHoldUpAnotherOnTheSameSubtask() throws Exception {
        String down = "down";
        Map<String, ConnectionSettings> destinations = new LinkedHashMap<>();
        destinations.put(DESTINATION, settings());
        destinations.put(down, unreachableSettings());
        DestinationLoaderHarness loader = DestinationLoaderHarness.open(destinations, null);
        opened.add(loader);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"a\":\"1\"}");
        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"a\":\"2\"}");

        // the multiplexer sends each event to both destinations
        loader.process(e1.to(down), e1, e2.to(down), e2);

        assertThat(rows()).extracting(r -> r.get("eventn_ctx_event_id")).containsExactly("e1", "e2");
        assertThat(loader.archive(DESTINATION)).containsExactly(e1.json, e2.json);
        assertThat(loader.queued(DESTINATION)).isEmpty();
        assertThat(loader.queued(down)).containsExactly(e1.to(down), e2.to(down));
        assertThat(loader.archive(down)).isEmpty();
        assertThat(loader.failed(down)).isEmpty();
        assertThat(loader.failed(DESTINATION)).isEmpty();
        assertThat(loader.schemas(down)).isEmpty();
        assertThat(loader.schemas(DESTINATION)).containsOnlyKeys(TABLE);
    }

    @Test
    void eventsWaitForTheRowLimitOrTheDelayAndAreWrittenInOneTransaction() throws Exception {
        DestinationLoaderHarness h = DestinationLoaderHarness.open(DESTINATION, settings(), null,
                new BatchSettings(3, java.time.Duration.ofMillis(100)));
        opened.add(h);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"a\":1}");
        EventRecord e2 = event(2, "{\"event_id\":\"e2\",\"a\":2}");
        EventRecord e3 = event(3, "{\"event_id\":\"e3\",\"a\":3}");
        EventRecord e4 = event(4, "{\"event_id\":\"e4\",\"a\":4}");

        h.process(e1, e2);
        assertThat(h.archive()).as("two events wait for the third or for 100 ms").isEmpty();
        assertThat(h.queued()).containsExactly(e1, e2);
        h.process(e3, e4);
        assertThat(h.archive()).as("the row limit: the first three").containsExactly(e1.json, e2.json, e3.json);
        assertThat(h.queued()).containsExactly(e4);
        h.setProcessingTime(DestinationLoaderHarness.START + 99);
        assertThat(h.archive()).hasSize(3);
        h.setProcessingTime(DestinationLoaderHarness.START + 100);
        assertThat(h.archive()).as("the delay: the fourth").containsExactly(e1.json, e2.json, e3.json, e4.json);
        assertThat(h.queued()).isEmpty();
        // the first three in one transaction, the fourth in another
        assertThat(postgres.query("SELECT count(DISTINCT xmin::text) AS n FROM " + table()).get(0).get("n")).isEqualTo(2L);
    }

    @Test
    void rowLimitOneWritesEachEventByItsOwnStatementAndCommit() throws Exception {
        DestinationLoaderHarness h = DestinationLoaderHarness.open(DESTINATION, settings(), null,
                new BatchSettings(1, java.time.Duration.ofMillis(100)));
        opened.add(h);
        EventRecord e1 = event(1, "{\"event_id\":\"e1\",\"a\":1}");
        EventRecord bad = event(2, "{\"event_id\":\"e2\",\"a\":\"two\"}");
        EventRecord e3 = event(3, "{\"event_id\":\"e3\",\"a\":3}");
        EventRecord e4 = event(4, "{\"event_id\":\"e4\",\"a\":4}");

        // e1 goes to the writer thread at once; the others wait meanwhile and then go together
        h.processWithoutWaiting(e1, bad, e3, e4);
        h.await();

        assertThat(h.archive()).containsExactly(e1.json, e3.json, e4.json);
        assertThat(h.failed()).singleElement().asString().contains("\"a\"").contains("two");
        assertThat(h.queued()).isEmpty();
        assertThat(postgres.query("SELECT count(DISTINCT xmin::text) AS n FROM " + table()).get(0).get("n"))
                .as("one transaction per row").isEqualTo(3L);
    }

    // --- helpers ---

    private DestinationLoaderHarness open(String template) throws Exception {
        return open(settings(), template);
    }

    private DestinationLoaderHarness open(ConnectionSettings settings, String template) throws Exception {
        DestinationLoaderHarness h = DestinationLoaderHarness.open(DESTINATION, settings, template);
        opened.add(h);
        return h;
    }

    private DestinationLoaderHarness restore(ConnectionSettings settings, String template,
                                             OperatorSubtaskState snapshot) throws Exception {
        DestinationLoaderHarness h = DestinationLoaderHarness.restore(DESTINATION, settings, template, snapshot);
        opened.add(h);
        return h;
    }

    private ConnectionSettings settings() {
        return postgres.settings(schema);
    }

    /** The embedded Postgres's settings, but on a port nobody listens on. */
    private ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("postgres").host("localhost").port(freePort()).db("postgres")
                .username("postgres").password("postgres").schema(schema).build();
    }

    /** An event as the multiplexer emits it: id and {@code _timestamp} assigned by {@link EventIds}. */
    private static EventRecord event(long line, String body) throws Exception {
        ObjectNode json = Events.parse(body);
        String path = "/spool/incoming.tok=t1.log";
        String id = EventIds.assign(json, path, line, Instant.parse("2024-05-06T07:08:09.123456Z"));
        return new EventRecord(DESTINATION, "t1", id, Events.toJson(json), path, line);
    }

    private String table() {
        return "\"" + schema + "\".\"" + TABLE + "\"";
    }

    /** Rows of the events table in event-id order. */
    private List<Map<String, Object>> rows() {
        return postgres.query("SELECT * FROM " + table() + " ORDER BY eventn_ctx_event_id");
    }

    /** Column → type as the warehouse reports it (information_schema). */
    private Map<String, String> warehouseColumns() {
        return postgres.columnTypes(schema, TABLE);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
