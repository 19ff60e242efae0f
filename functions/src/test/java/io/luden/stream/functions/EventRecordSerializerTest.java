package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventRecordSerializerTest {

    private static EventRecord record(String json) {
        EventRecord e = new EventRecord("pg", "tok", "id-1", json, "file:/spool/a.log", 42);
        e.readAt = 1_700_000_000_123L;
        e.queuedAt = 987_654_321L;
        return e;
    }

    private static EventRecord roundTrip(EventRecord e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EventRecordSerializer.INSTANCE.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EventRecord back = EventRecordSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).as("bytes left after one record").isZero();
        return back;
    }

    @Test
    void everyFieldSurvivesIncludingTimes() throws Exception {
        EventRecord back = roundTrip(record("{\"a\":\"ü€\",\"b\":1}"));

        assertThat(back).isEqualTo(record("{\"a\":\"ü€\",\"b\":1}"));
        assertThat(back.readAt).isEqualTo(1_700_000_000_123L);
        assertThat(back.queuedAt).isEqualTo(987_654_321L);
    }

    @Test
    void nullFieldsStayNull() throws Exception {
        EventRecord back = roundTrip(new EventRecord(null, null, null, null, null, 0));

        assertThat(back.destinationId).isNull();
        assertThat(back.token).isNull();
        assertThat(back.json).isNull();
        assertThat(back.path).isNull();
    }

    @Test
    void surrogatesPairedOrNotAreKeptExactly() throws Exception {
        String json = "{\"emoji\":\"\uD83D\uDE00\",\"lone\":\"\uD800x\",\"tail\":\"\uDC00\"}";

        assertThat(roundTrip(record(json)).json).isEqualTo(json);
    }

    @Test
    void largeTextRoundTrips() throws Exception {
        String json = "{\"v\":\"" + "x".repeat(200_000) + "\"}";

        assertThat(roundTrip(record(json)).json).isEqualTo(json);
    }

    @Test
    void flinkUsesItForTheClassAndRestoresItFromItsSnapshot() {
        TypeInformation<EventRecord> info = TypeInformation.of(EventRecord.class);

        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(EventRecordSerializer.INSTANCE);
        TypeSerializerSnapshot<EventRecord> snapshot = EventRecordSerializer.INSTANCE.snapshotConfiguration();
        assertThat(snapshot.restoreSerializer()).isSameAs(EventRecordSerializer.INSTANCE);
        assertThat(snapshot.resolveSchemaCompatibility(EventRecordSerializer.INSTANCE.snapshotConfiguration())
                .isCompatibleAsIs()).isTrue();
    }
}
