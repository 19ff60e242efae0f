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
