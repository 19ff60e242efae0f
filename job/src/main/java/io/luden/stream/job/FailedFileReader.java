package io.luden.stream.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.EventIds;
import io.luden.stream.functions.Events;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reading failed files for {@link Replay}: ours ({@code {"event": …, "error": …, "event_id": …}}) and
 * Jitsu's ({@code {"event": …, "error": …, "RecognizedEvent": false}}), plain or gzip.
 */
final class FailedFileReader {
    private FailedFileReader() {}

    /** Plain or gzip (by its magic bytes, whatever the name), as UTF-8. */
    static BufferedReader open(Path input) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(input));
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new GZIPInputStream(in, 64 * 1024);
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** One failed line: the event to replay, or why it is not replayed. */
    static Entry entry(String line, Path input, long lineNo) {
        JsonNode node;
        try {
            node = Events.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            return Entry.problem("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode)) {
            return Entry.problem("not a JSON object but a JSON " + Events.kindOf(node));
        }
        if (node.has("malformed_event")) {
            return Entry.problem("a malformed_event line (the spool line was not a JSON object): not replayed");
        }
        JsonNode event = node.get("event");
        if (event == null) {
            return Entry.problem("no \"event\" field");
        }
        if (!(event instanceof ObjectNode)) {
            return Entry.problem("\"event\" is a JSON " + Events.kindOf(event) + ", not an object");
        }
        ObjectNode e = (ObjectNode) event;
        JsonNode apiKey = e.get("api_key");
        JsonNode token = node.get("token");
        if ((apiKey == null || apiKey.asText("").isEmpty()) && token != null && token.isTextual()) {
            e.put("api_key", token.textValue()); // its token came from the spool file's name: route it the same way
        }
        if (hasId(e)) {
            return new Entry(e, null, false);
        }
        JsonNode lineId = node.get("event_id");
        String id = usable(lineId) ? lineId.asText()
                : EventIds.deterministicId(input.toAbsolutePath().normalize().toString(), lineNo);
        JsonNode context = e.get("eventn_ctx");
        if (context instanceof ObjectNode) {
            ((ObjectNode) context).put("event_id", id);
        } else {
            e.put(EventIds.ID_COLUMN, id);
        }
        return new Entry(e, null, true);
    }

    /** Where {@link EventIds#assignId} looks for an id, a usable one. */
    private static boolean hasId(ObjectNode event) {
        JsonNode context = event.get("eventn_ctx");
        return (context instanceof ObjectNode && usable(context.get("event_id")))
                || usable(event.get(EventIds.ID_COLUMN)) || usable(event.get("event_id"));
    }

    private static boolean usable(JsonNode id) {
        return id != null && ((id.isTextual() && !id.textValue().isEmpty()) || id.isNumber() || id.isBoolean());
    }

    record Entry(ObjectNode event, String problem, boolean idAdded) {
        static Entry problem(String why) {
            return new Entry(null, why, false);
        }
    }
}
