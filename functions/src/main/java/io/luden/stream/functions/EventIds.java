package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Event id and {@code _timestamp} (SPEC §4), as Jitsu's ingest sets them, except that a missing id
 * is derived from where the event was read instead of being random: a replay of the same spool
 * line after a crash then carries the same id, and an upsert on {@code eventn_ctx_event_id}
 * does not duplicate it.
 */
public final class EventIds {

    /** The id column every row carries. */
    public static final String ID_COLUMN = "eventn_ctx_event_id";
    public static final String TIMESTAMP_FIELD = "_timestamp";

    private static final String CONTEXT = "eventn_ctx";
    private static final String CONTEXT_ID = "event_id";
    private static final String PLAIN_ID = "event_id";

    private EventIds() {}

    /**
     * Normalises the id and the timestamp of one event in place and returns its id.
     *
     * @param path the spool file the event was read from
     * @param line its 1-based line number in that file
     * @param readTime when the job read it: the {@code _timestamp} of an event without one
     */
    public static String assign(ObjectNode event, String path, long line, Instant readTime) {
        String id = assignId(event, path, line);
        assignTimestamp(event, readTime);
        return id;
    }

    /**
     * Takes the id from {@code eventn_ctx.event_id}, {@code eventn_ctx_event_id} or {@code event_id}
     * (the first holding a non-empty string, a number or a boolean), removes it there, and writes it
     * back as {@code eventn_ctx.event_id} when an {@code eventn_ctx} object exists, else as top-level
     * {@code eventn_ctx_event_id}. Without one, the id is {@link #deterministicId(String, long)}.
     */
    public static String assignId(ObjectNode event, String path, long line) {
        JsonNode context = event.get(CONTEXT);
        ObjectNode contextObject = context instanceof ObjectNode ? (ObjectNode) context : null;
        String id = null;
        if (contextObject != null) {
            id = take(contextObject, CONTEXT_ID);
        }
        if (id == null) {
            id = take(event, ID_COLUMN);
        }
        if (id == null) {
            id = take(event, PLAIN_ID);
        }
        if (id == null) {
            id = deterministicId(path, line);
        }
        if (contextObject != null) {
            contextObject.put(CONTEXT_ID, id);
        } else {
            event.put(ID_COLUMN, id);
        }
        return id;
    }

    /** Keeps a present {@code _timestamp}; otherwise sets the read time in Jitsu's ingest format. */
    public static void assignTimestamp(ObjectNode event, Instant readTime) {
        JsonNode present = event.get(TIMESTAMP_FIELD);
        if (present == null || present.isNull()) {
            event.put(TIMESTAMP_FIELD, Timestamps.format(readTime));
        }
    }

    /** The id of an event {@link #assignId} has seen, or null. */
    public static String idOf(ObjectNode event) {
        JsonNode context = event.get(CONTEXT);
        JsonNode id = context instanceof ObjectNode ? context.get(CONTEXT_ID) : event.get(ID_COLUMN);
        return id == null || id.isNull() ? null : id.asText();
    }

    /**
     * Gives one row of a transform's output the event's id (row 0) or {@code <id>_<i>}, and the
     * event's {@code _timestamp}, whatever the transform did to them (SPEC §4). The id goes where
     * {@link #assignId} puts it: inside {@code eventn_ctx} when the row has that object.
     */
    public static void resetRow(ObjectNode row, String rowId, JsonNode timestamp) {
        row.remove(ID_COLUMN);
        JsonNode context = row.get(CONTEXT);
        if (context instanceof ObjectNode) {
            ((ObjectNode) context).put(CONTEXT_ID, rowId);
        } else {
            row.put(ID_COLUMN, rowId);
        }
        if (timestamp == null || timestamp.isNull()) {
            row.remove(TIMESTAMP_FIELD);
        } else {
            row.set(TIMESTAMP_FIELD, timestamp);
        }
    }

    /** A name-based (v3) UUID of {@code <path>:<line>}: the same line of the same file, the same id. */
    public static String deterministicId(String path, long line) {
        return UUID.nameUUIDFromBytes((path + ":" + line).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id of row {@code index} of a transform's output: row 0 keeps it, row i gets {@code <id>_i}. */
    public static String multiRowId(String id, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("row index must be >= 0, was " + index);
        }
        return index == 0 ? id : id + "_" + index;
    }

    /** Removes and returns the id at {@code key} if it holds a usable one; else leaves it alone. */
    private static String take(ObjectNode holder, String key) {
        JsonNode value = holder.get(key);
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            return null;
        }
        String text = value.isTextual() ? value.textValue() : Events.toJson(value);
        if (text.isEmpty()) {
            return null;
        }
        holder.remove(key);
        return text;
    }
}
