package io.luden.stream.functions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Lines of the {@code failed} files (SPEC §11): {@code {"event": …, "error": …, "event_id": …,
 * "destination_id": …, "timestamp": …}}, or {@code malformed_event} (the raw text) instead of
 * {@code event} for a spool line that is not a JSON object.
 */
public final class FailedLines {
    private static final JsonFactory JSON = new JsonFactory();

    private FailedLines() {}

    /** {@code eventJson} is the event as the destination received it (valid JSON, embedded as is). */
    public static String forEvent(String eventJson, String error, String eventId, String destinationId, Instant at) {
        return forEvent(eventJson, error, eventId, destinationId, null, at);
    }

    /**
     * As above, with the event's token id (null when it had none): a token that came from the spool
     * file's name ({@code tok=<id>}) is not in the event, and replay needs it to route the event again.
     */
    public static String forEvent(String eventJson, String error, String eventId, String destinationId, String token,
                                  Instant at) {
        return write(g -> {
            g.writeFieldName("event");
            g.writeRawValue(eventJson);
            g.writeStringField("error", error);
            g.writeStringField("event_id", eventId);
            g.writeStringField("destination_id", destinationId);
            if (token != null) {
                g.writeStringField("token", token);
            }
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(at));
        });
    }

    /** A spool line that could not be parsed; {@code path}/{@code line} say where it was. */
    public static String forMalformed(String raw, String error, String path, long line, Instant at) {
        return write(g -> {
            g.writeStringField("malformed_event", raw);
            g.writeStringField("error", error);
            g.writeStringField("file", path);
            g.writeNumberField("line", line);
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(at));
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
