package io.luden.stream.functions;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Flink's serializer of {@link EventRecord}, for the network and for the loader's queue in keyed
 * state. Flink's POJO serializer writes every string one byte per call ({@code StringValue}), which
 * made checkpointing a large queue a fifth of the job's CPU; this one writes each string as one
 * length-prefixed UTF-8 block. A string holding a UTF-16 surrogate is written with
 * {@code StringValue} instead, which keeps unpaired surrogates exactly (UTF-8 would replace them).
 */
public final class EventRecordSerializer extends TypeSerializer<EventRecord> {
    private static final long serialVersionUID = 1L;

    public static final EventRecordSerializer INSTANCE = new EventRecordSerializer();

    private static final byte NULL = 0;
    private static final byte UTF8 = 1;
    private static final byte CHARS = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<EventRecord> duplicate() {
        return this;
    }

    @Override
    public EventRecord createInstance() {
        return new EventRecord();
    }

    @Override
    public EventRecord copy(EventRecord from) {
        EventRecord e = new EventRecord(from.destinationId, from.token, from.eventId, from.json, from.path, from.line);
        e.readAt = from.readAt;
        e.queuedAt = from.queuedAt;
        return e;
    }

    @Override
    public EventRecord copy(EventRecord from, EventRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EventRecord e, DataOutputView out) throws IOException {
        writeString(e.destinationId, out);
        writeString(e.token, out);
        writeString(e.eventId, out);
        writeString(e.json, out);
        writeString(e.path, out);
        out.writeLong(e.line);
        out.writeLong(e.readAt);
        out.writeLong(e.queuedAt);
    }

    @Override
    public EventRecord deserialize(DataInputView in) throws IOException {
        EventRecord e = new EventRecord(readString(in), readString(in), readString(in), readString(in),
                readString(in), in.readLong());
        e.readAt = in.readLong();
        e.queuedAt = in.readLong();
        return e;
    }

    @Override
    public EventRecord deserialize(EventRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(NULL);
        } else if (hasSurrogate(s)) {
            out.writeByte(CHARS);
            StringValue.writeString(s, out);
        } else {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(UTF8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static String readString(DataInputView in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case UTF8:
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                return new String(bytes, StandardCharsets.UTF_8);
            case CHARS:
                return StringValue.readString(in);
            default:
                throw new IOException("not an EventRecord string: tag " + tag);
        }
    }

    private static boolean hasSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventRecordSerializer;
    }

    @Override
    public int hashCode() {
        return EventRecordSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<EventRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration; its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
