package io.luden.stream.functions;

import io.luden.stream.config.BatchSettings;
import io.luden.stream.config.DataLayout;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.files.OutputLine;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * One {@link DestinationLoader} for one destination in Flink's keyed operator test harness, with
 * {@code pipeline.generic-types: false} (a Kryo fallback in any state type fails the test), and
 * read access to its side outputs and keyed state.
 */
final class DestinationLoaderHarness implements AutoCloseable {
    /** Processing time a fresh harness starts at. */
    static final long START = 1_000_000L;
    /** How long {@link #await()} waits for a flush at most. */
    static final Duration AWAIT = Duration.ofSeconds(60);

    private final String destination;
    private final KeyedOneInputStreamOperatorTestHarness<String, EventRecord, Void> harness;

    /** Flush as soon as an event arrives (no delay): outcomes are there once process() returns. */
    static final BatchSettings AT_ONCE = new BatchSettings(BatchSettings.DEFAULT_MAX_ROWS, Duration.ZERO);

    private DestinationLoaderHarness(Map<String, ConnectionSettings> destinations, String template) throws Exception {
        this(destinations, template, AT_ONCE);
    }

    private DestinationLoaderHarness(Map<String, ConnectionSettings> destinations, String template, BatchSettings batch)
            throws Exception {
        this.destination = destinations.keySet().iterator().next();
        Map<String, DestinationConfig> configs = new LinkedHashMap<>();
        destinations.forEach((id, settings) -> configs.put(id,
                new DestinationConfig(id, settings.type(), null, settings, new DataLayout(template, null), null, batch)));
        LudenConfig config = new LudenConfig(List.of(), "/nonexistent/spool", "/nonexistent/logs",
                "/nonexistent/state", Duration.ofSeconds(10), configs, List.of());
        harness = new KeyedOneInputStreamOperatorTestHarness<>(DestinationLoader.factory(config),
                (KeySelector<EventRecord, String>) e -> e.destinationId, Types.STRING);
        harness.getExecutionConfig().getSerializerConfig().configure(
                new Configuration().set(PipelineOptions.GENERIC_TYPES, false), getClass().getClassLoader());
        harness.setProcessingTime(START);
    }

    /** A loader with empty state. */
    static DestinationLoaderHarness open(String destination, ConnectionSettings settings, String template)
            throws Exception {
        return open(Map.of(destination, settings), template);
    }

    /** A loader with empty state and these micro-batch limits. */
    static DestinationLoaderHarness open(String destination, ConnectionSettings settings, String template,
                                         BatchSettings batch) throws Exception {
        DestinationLoaderHarness h = new DestinationLoaderHarness(Map.of(destination, settings), template, batch);
        h.harness.open();
        h.checkGenericTypesDisabled();
        return h;
    }

    /** Processes the events without waiting for the flushes they start. */
    void processWithoutWaiting(EventRecord... events) throws Exception {
        for (EventRecord e : events) {
            harness.processElement(e, 0L);
        }
    }

    /** One loader (one subtask) for several destinations; the first is the default of the accessors. */
    static DestinationLoaderHarness open(Map<String, ConnectionSettings> destinations, String template)
            throws Exception {
        DestinationLoaderHarness h = new DestinationLoaderHarness(destinations, template);
        h.harness.open();
        h.checkGenericTypesDisabled();
        return h;
    }

    /** A loader restored from {@code snapshot} (possibly with other settings, as after a config change). */
    static DestinationLoaderHarness restore(String destination, ConnectionSettings settings, String template,
                                            OperatorSubtaskState snapshot) throws Exception {
        DestinationLoaderHarness h = new DestinationLoaderHarness(Map.of(destination, settings), template);
        h.harness.initializeState(snapshot);
        h.harness.open();
        h.checkGenericTypesDisabled();
        return h;
    }

    private void checkGenericTypesDisabled() {
        if (!harness.getOperator().getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled()) {
            throw new IllegalStateException("the operator does not see pipeline.generic-types: false");
        }
    }

    /** Processes the events, then waits until the flushes they started are complete. */
    void process(EventRecord... events) throws Exception {
        for (EventRecord e : events) {
            harness.processElement(e, 0L);
        }
        await();
    }

    /**
     * Runs the operator's mails (flush outcomes from the writer threads, timers) until no flush is in
     * flight and no mail waits.
     */
    void await() throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        TaskMailbox mailbox = harness.getTaskMailbox();
        while (true) {
            Optional<Mail> mail = mailbox.tryTake(TaskMailbox.MIN_PRIORITY);
            if (mail.isPresent()) {
                mail.get().run();
                continue;
            }
            if (!loader().flushInFlight()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a flush is still in flight after " + AWAIT);
            }
            Thread.sleep(2);
        }
    }

    /** The end of a bounded input; returns once the loader lets it end. */
    void endInput() throws Exception {
        harness.endInput();
    }

    private DestinationLoader loader() {
        return (DestinationLoader) harness.getOperator();
    }

    OperatorSubtaskState snapshot(long checkpointId) throws Exception {
        return harness.snapshot(checkpointId, harness.getProcessingTime());
    }

    /** Moves processing time on (firing due timers) and waits for the flushes they start. */
    void setProcessingTime(long time) throws Exception {
        harness.setProcessingTime(time);
        await();
    }

    /** Processing-time timers registered and not yet fired (the loader's flush and retry wake-ups). */
    int processingTimeTimers() {
        return harness.getProcessingTimeService().getNumActiveTimers();
    }

    /** JSON of all archive lines, in output order (each checked to belong to the default destination). */
    List<String> archive() {
        return lines(DestinationLoader.ARCHIVE, destination, true);
    }

    /** JSON of all failed lines, in output order (each checked to belong to the default destination). */
    List<String> failed() {
        return lines(DestinationLoader.FAILED, destination, true);
    }

    /** JSON of {@code id}'s archive lines, in output order. */
    List<String> archive(String id) {
        return lines(DestinationLoader.ARCHIVE, id, false);
    }

    /** JSON of {@code id}'s failed lines, in output order. */
    List<String> failed(String id) {
        return lines(DestinationLoader.FAILED, id, false);
    }

    private List<String> lines(OutputTag<OutputLine> tag, String id, boolean onlyThisDestination) {
        List<String> json = new ArrayList<>();
        Queue<StreamRecord<OutputLine>> out = harness.getSideOutput(tag);
        if (out != null) {
            for (StreamRecord<OutputLine> r : out) {
                if (id.equals(r.getValue().destinationId)) {
                    json.add(r.getValue().json);
                } else if (onlyThisDestination) {
                    throw new AssertionError(tag.getId() + " line of destination " + r.getValue().destinationId
                            + ", expected " + id + ": " + r.getValue());
                }
            }
        }
        return json;
    }

    /** The destination's {@code schemas} keyed state: table → cached schema. */
    Map<String, TableSchema> schemas() throws Exception {
        return schemas(destination);
    }

    /** {@code id}'s {@code schemas} keyed state. */
    Map<String, TableSchema> schemas(String id) throws Exception {
        MapState<String, TableSchema> state = state(id).getMapState(
                new MapStateDescriptor<>("schemas", Types.STRING, TypeInformation.of(TableSchema.class)));
        Map<String, TableSchema> copy = new LinkedHashMap<>();
        for (Map.Entry<String, TableSchema> e : state.entries()) {
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    /** The destination's {@code queueState}, or null when it was never written. */
    QueueState queueState() throws Exception {
        return queueState(destination);
    }

    /** {@code id}'s {@code queueState}, or null. */
    QueueState queueState(String id) throws Exception {
        return state(id).getState(new ValueStateDescriptor<>("queueState", TypeInformation.of(QueueState.class))).value();
    }

    /** Events waiting in the {@code queue} keyed state, head first; checks that nothing else lies there. */
    List<EventRecord> queued() throws Exception {
        return queued(destination);
    }

    /** Events waiting in {@code id}'s {@code queue}, head first. */
    List<EventRecord> queued(String id) throws Exception {
        QueueState q = queueState(id);
        MapState<Long, EventRecord> state = state(id).getMapState(
                new MapStateDescriptor<>("queue", Types.LONG, TypeInformation.of(EventRecord.class)));
        List<EventRecord> waiting = new ArrayList<>();
        if (q != null) {
            for (long seq = q.head; seq < q.tail; seq++) {
                waiting.add(state.get(seq));
            }
        }
        int entries = 0;
        for (Long ignored : state.keys()) {
            entries++;
        }
        if (entries != waiting.size()) {
            throw new AssertionError("queue state holds " + entries + " entries, head..tail says " + waiting.size());
        }
        return waiting;
    }

    private KeyedStateStore state(String id) {
        harness.getOperator().setCurrentKey(id);
        return harness.getOperator().getKeyedStateStore();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
