package io.luden.stream.functions;

import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.util.Objects;

/**
 * An event between operators (DESIGN "What crosses the network"): its JSON text — already carrying
 * {@code eventn_ctx_event_id} and {@code _timestamp} — its token, the destination it is routed to
 * (null before multiplexing), its id, and where it came from. Small and cheap to copy; serialized by
 * {@link EventRecordSerializer}.
 */
@TypeInfo(EventRecordTypeInfo.Factory.class)
public class EventRecord {
    public String destinationId;
    public String token;
    public String eventId;
    public String json;
    public String path;
    public long line;
    /** Wall-clock time (epoch ms) the event was read from the spool; 0 when unknown. For the latency metric. */
    public long readAt;
    /** Processing time (ms) the loader queued it for its destination; decides when its batch is due. */
    public long queuedAt;

    public EventRecord() {}

    public EventRecord(String destinationId, String token, String eventId, String json, String path, long line) {
        this.destinationId = destinationId;
        this.token = token;
        this.eventId = eventId;
        this.json = json;
        this.path = path;
        this.line = line;
    }

    /** The same event, routed to {@code destination}. */
    public EventRecord to(String destination) {
        EventRecord e = new EventRecord(destination, token, eventId, json, path, line);
        e.readAt = readAt;
        return e;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EventRecord)) {
            return false;
        }
        EventRecord e = (EventRecord) o;
        return line == e.line && Objects.equals(destinationId, e.destinationId) && Objects.equals(token, e.token)
                && Objects.equals(eventId, e.eventId) && Objects.equals(json, e.json) && Objects.equals(path, e.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinationId, token, eventId, json, path, line);
    }

    @Override
    public String toString() {
        return (destinationId == null ? "" : destinationId + " ← ") + path + ":" + line + " " + eventId;
    }
}
