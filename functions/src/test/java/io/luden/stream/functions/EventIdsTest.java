package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final Instant READ_TIME = Instant.parse("2024-03-05T07:08:09.123456789Z");

    @Test
    void movesTopLevelEventIdToEventnCtxEventId() throws Exception {
        ObjectNode event = Events.parse("{\"event_id\":\"abc\",\"x\":1}");

        String id = EventIds.assignId(event, "file:/spool/a.log", 3);

        assertThat(id).isEqualTo("abc");
        assertThat(Events.toJson(event)).isEqualTo("{\"x\":1,\"eventn_ctx_event_id\":\"abc\"}");
    }

    @Test
    void writesIdInsideEventnCtxWhenThatObjectExists() throws Exception {
        ObjectNode event = Events.parse("{\"eventn_ctx\":{\"user\":{}},\"eventn_ctx_event_id\":\"top\"}");

        String id = EventIds.assignId(event, "p", 1);

        assertThat(id).isEqualTo("top");
        assertThat(event.has("eventn_ctx_event_id")).isFalse();
        assertThat(event.get("eventn_ctx").get("event_id").textValue()).isEqualTo("top");
        assertThat(EventIds.idOf(event)).isEqualTo("top");
    }

    @Test
    void prefersEventnCtxEventIdOverTheFlatForms() throws Exception {
        ObjectNode event = Events.parse(
                "{\"eventn_ctx\":{\"event_id\":\"nested\"},\"eventn_ctx_event_id\":\"flat\",\"event_id\":\"plain\"}");

        String id = EventIds.assignId(event, "p", 1);

        assertThat(id).isEqualTo("nested");
        // only the path the id was taken from is consumed, as in Jitsu
        assertThat(event.get("eventn_ctx_event_id").textValue()).isEqualTo("flat");
        assertThat(event.get("event_id").textValue()).isEqualTo("plain");
    }

    @Test
    void skipsEmptyIdsAndTakesTheNextPath() throws Exception {
        ObjectNode event = Events.parse("{\"eventn_ctx_event_id\":\"\",\"event_id\":\"real\"}");

        String id = EventIds.assignId(event, "p", 1);

        assertThat(id).isEqualTo("real");
        assertThat(event.get("eventn_ctx_event_id").textValue()).isEqualTo("real");
        assertThat(event.has("event_id")).isFalse();
    }

    @Test
    void stringifiesNumericIds() throws Exception {
        ObjectNode event = Events.parse("{\"event_id\":1024}");

        assertThat(EventIds.assignId(event, "p", 1)).isEqualTo("1024");
        assertThat(event.get("eventn_ctx_event_id").isTextual()).isTrue();
    }

    @Test
    void generatesTheSameIdForTheSameFileAndLineOnReplay() throws Exception {
        ObjectNode first = Events.parse("{\"a\":1}");
        ObjectNode replay = Events.parse("{\"a\":1}");

        String id = EventIds.assignId(first, "file:/spool/incoming.tok=web-1.log", 7);
        String again = EventIds.assignId(replay, "file:/spool/incoming.tok=web-1.log", 7);

        assertThat(again).isEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(3);
        assertThat(first.get("eventn_ctx_event_id").textValue()).isEqualTo(id);
    }

    @Test
    void generatesDifferentIdsForDifferentLinesOrFiles() {
        String a = EventIds.deterministicId("file:/spool/a.log", 1);

        assertThat(EventIds.deterministicId("file:/spool/a.log", 2)).isNotEqualTo(a);
        assertThat(EventIds.deterministicId("file:/spool/b.log", 1)).isNotEqualTo(a);
    }

    /**
     * The exact ids, computed once: changing how they are derived (the hashed text, the UUID kind)
     * gives a replay of an old spool file or failed file new ids, so its events become duplicate
     * rows. The spool's form is the file URI as Flink reports it, {@code file:/...}, with spaces and
     * non-ASCII letters as they are (SpoolSplitEnumeratorTest checks that form).
     */
    @Test
    void generatedIdsAreThoseOfEarlierReleases() {
        String spoolFile = "file:/var/lib/luden/spool/incoming.tok=web-1-2024-03-05T07-08-09.123.log";
        assertThat(EventIds.deterministicId(spoolFile, 1)).isEqualTo("f8caafa1-be0d-35df-a415-53c15ecee2a6");
        assertThat(EventIds.deterministicId(spoolFile, 2)).isEqualTo("925ad83d-a08c-3f2b-b1b0-c24f00cd93c0");
        assertThat(EventIds.deterministicId(spoolFile, 9_876_543_210L)).isEqualTo("73b6086c-f274-30d0-942a-c4d248d91fe5");
        assertThat(EventIds.deterministicId(spoolFile + ".gz", 1)).isEqualTo("d739fd27-6e95-3ed9-b964-62c3df1f869f");
        assertThat(EventIds.deterministicId("file:/var/lib/luden/spool/\u00c9v\u00e9nements 2024/\u00fcn\u00efcode file \u2603.log", 7))
                .isEqualTo("650b21c6-a77f-311e-b635-4fe3b35120e9");
        // a failed file replayed with an event that has no id anywhere: its plain absolute path (FailedFileReader)
        assertThat(EventIds.deterministicId("/var/lib/luden/logs/failed/dst=pg/failed.dst=pg-2f1c9a1e-6b1f-4d53-9a55-0c4d2a9e8b11-0.log",
                3)).isEqualTo("9585db22-6f2b-3954-ba88-db44eece6278");
    }

    @Test
    void assignsThePinnedIdToAnEventWithoutOne() throws Exception {
        ObjectNode event = Events.parse("{\"a\":1}");

        EventIds.assignId(event, "file:/var/lib/luden/spool/incoming.tok=web-1-2024-03-05T07-08-09.123.log", 1);

        assertThat(event.get("eventn_ctx_event_id").textValue()).isEqualTo("f8caafa1-be0d-35df-a415-53c15ecee2a6");
    }

    @Test
    void keepsAPresentTimestamp() throws Exception {
        ObjectNode event = Events.parse("{\"_timestamp\":\"2020-08-02T18:23:56.291383Z\"}");

        EventIds.assign(event, "p", 1, READ_TIME);

        assertThat(event.get("_timestamp").textValue()).isEqualTo("2020-08-02T18:23:56.291383Z");
    }

    @Test
    void setsReadTimeWithMicrosecondsInUtcWhenTimestampIsMissing() throws Exception {
        ObjectNode event = Events.parse("{\"event_type\":\"views\"}");

        EventIds.assign(event, "p", 1, READ_TIME);

        assertThat(event.get("_timestamp").textValue()).isEqualTo("2024-03-05T07:08:09.123456Z");
    }

    @Test
    void numbersRowsOfAMultiRowTransform() {
        assertThat(EventIds.multiRowId("a1024", 0)).isEqualTo("a1024");
        assertThat(EventIds.multiRowId("a1024", 1)).isEqualTo("a1024_1");
        assertThat(EventIds.multiRowId("a1024", 2)).isEqualTo("a1024_2");
        assertThatThrownBy(() -> EventIds.multiRowId("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
