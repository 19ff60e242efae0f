package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.spool.SpoolLine;

import java.io.Serializable;
import java.time.Instant;

/**
 * Parse step (SPEC §2, §4): a spool line → an event with its id and {@code _timestamp} set and its
 * token resolved. Plain Java; {@link ParseFunction} is the Flink shell around it.
 */
public final class SpoolEventParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Router router;

    public SpoolEventParser(Router router) {
        this.router = router;
    }

    /**
     * Null for a blank line; a {@link MalformedLineException} when the line is not a JSON object or
     * not valid UTF-8 ({@link SpoolLine#error}).
     */
    public EventRecord parse(SpoolLine line, Instant readTime) throws MalformedLineException {
        if (line.error != null) {
            throw new MalformedLineException(line.error, null);
        }
        if (line.text == null || line.text.isBlank()) {
            return null;
        }
        ObjectNode event;
        try {
            event = Events.parse(line.text);
        } catch (MalformedEventException e) {
            throw new MalformedLineException(e.getMessage(), e);
        }
        String eventId = EventIds.assign(event, line.path, line.line, readTime);
        JsonNode apiKey = event.get("api_key");
        String token = router.tokenOf(apiKey != null && apiKey.isValueNode() ? apiKey.asText() : null, line.path);
        return new EventRecord(null, token, eventId, Events.toJson(event), line.path, line.line);
    }

    /** The line is not one JSON object. */
    public static final class MalformedLineException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedLineException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
