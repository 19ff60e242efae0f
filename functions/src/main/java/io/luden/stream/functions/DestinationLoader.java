package io.luden.stream.functions;

import io.luden.stream.config.BatchSettings;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.js.JsSupport;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.files.OutputLine;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The loader of SPEC §1, keyed by destination ({@link DestinationKeys}), so one destination's events
 * are loaded in order by one subtask, in micro-batches.
 *
 * <p>Every event is first appended to the destination's queue in keyed state — the queue is the
 * single truth. A flush takes up to {@code batch.max_rows} events from its head once that many wait
 * or the oldest has waited {@code batch.max_delay}, and hands them to the destination's own writer
 * thread ({@link Lane}), which makes their rows and writes them, table by table, through the
 * destination's {@link io.luden.stream.sinks.BatchWriter}. The outcomes come back to the task thread
 * through the mailbox: only then are {@code archive} / {@code failed} lines emitted and the events
 * removed from the queue, in arrival order. So a slow or unreachable warehouse holds back only its
 * own events, never another destination on the subtask nor a checkpoint barrier, and a crash replays
 * at most the batches in flight (idempotent writes). A connection-class outcome keeps its event and
 * everything behind it queued and retries with back-off; at the end of a bounded input the loader
 * waits until every queue is empty, so a bounded job never finishes with events in its state.
 */
public class DestinationLoader extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<EventRecord, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DestinationLoader.class);

    public static final OutputTag<OutputLine> FAILED = new OutputTag<>("failed") {};
    public static final OutputTag<OutputLine> ARCHIVE = new OutputTag<>("archive") {};

    /** How often, at the end of a bounded input, the loader says what it still waits for. */
    static final long END_OF_INPUT_REPORT_MILLIS = 30_000;
    /**
     * With {@code batch.max_rows: 1} each event is written by its own statement; up to this many queued
     * events go to the writer thread at once (written one after the other), so the hand-over between the
     * threads is not paid per event.
     */
    static final int ONE_BY_ONE_EVENTS_PER_FLUSH = 1_000;

    private final LudenConfig config;
    private final transient MailboxExecutor mailbox;

    private transient MapState<String, TableSchema> schemas;
    private transient MapState<Long, EventRecord> queue;
    private transient ValueState<QueueState> queueState;
    /** By key: one lane per destination key this subtask has seen. */
    private transient Map<String, Lane> lanes;
    private transient Map<String, LoaderMeters> meters;
    private transient boolean inputEnded;

    DestinationLoader(StreamOperatorParameters<Void> parameters, LudenConfig config) {
        super(parameters);
        this.config = config;
        this.mailbox = parameters.getMailboxExecutor();
    }

    /** The loader as an operator factory, for {@code keyedStream.transform(name, Types.VOID, factory(config))}. */
    public static OneInputStreamOperatorFactory<EventRecord, Void> factory(LudenConfig config) {
        return new Factory(config);
    }

    @Override
    public void open() throws Exception {
        super.open();
        schemas = getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("schemas", Types.STRING, TypeInformation.of(TableSchema.class)));
        queue = getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("queue", Types.LONG, TypeInformation.of(EventRecord.class)));
        queueState = getKeyedStateStore().getState(
                new ValueStateDescriptor<>("queueState", TypeInformation.of(QueueState.class)));
        lanes = new HashMap<>();
        meters = new HashMap<>();
        ClassLoader jobLoader = JdbcDrivers.class.getClassLoader();
        if (jobLoader != StreamOperator.class.getClassLoader()) {
            // on a cluster (the job JAR in its own class loader): let that loader go when the job ends
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                    "luden-deregister-jdbc-drivers", () -> JdbcDrivers.deregisterDriversOf(jobLoader));
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                    "luden-release-graaljs-engine", JsSupport::releaseSharedEngine);
        }
        resumeRestoredQueues();
        LoaderActivity.opened(this);
    }

    /** Queues that came back with the state start draining now (or when their back-off ends). */
    private void resumeRestoredQueues() throws Exception {
        List<String> keys = new ArrayList<>();
        org.apache.flink.runtime.state.KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> stored = backend.getKeys("queueState", VoidNamespace.INSTANCE)) {
            stored.forEach(k -> keys.add(String.valueOf(k)));
        }
        for (String key : keys) {
            setCurrentKey(key);
            QueueState q = queueState.value();
            if (q == null || q.isEmpty()) {
                continue;
            }
            Lane lane = lane(key);
            lane.queued = q.size();
            lane.headQueuedAt = 0; // restored events are due at once
            LOG.info("Destination {}: {} event(s) queued in the restored state{}", lane.destinationId, q.size(),
                    lane.destination == null ? " for a destination no longer configured" : "");
            lane.report();
            maybeFlush(lane, q);
        }
    }

    @Override
    public void processElement(StreamRecord<EventRecord> element) throws Exception {
        EventRecord event = element.getValue();
        Lane lane = lane((String) getCurrentKey());
        LoaderMeters m = meters(event.destinationId);
        m.read.inc();
        QueueState q = queueState();
        event.queuedAt = now();
        if (q.isEmpty()) {
            lane.headQueuedAt = event.queuedAt;
        }
        queue.put(q.tail, event);
        q.tail++;
        queueState.update(q);
        lane.queued = q.size();
        lane.report();
        m.waiting.add(waiting(event.destinationId));
        maybeFlush(lane, q);
    }

    /**
     * Starts a flush of {@code lane} (the current key) if one is due and none is in flight; otherwise
     * makes sure a timer fires when it will be due.
     */
    private void maybeFlush(Lane lane, QueueState q) throws Exception {
        if (lane.inFlight || q.isEmpty()) {
            return;
        }
        long now = now();
        if (q.nextAttemptAt > now) {
            lane.wakeAt(q.nextAttemptAt);
            return;
        }
        if (lane.destination == null) {
            failRemovedDestination(lane, q);
            return;
        }
        BatchSettings batch = lane.destination.batch();
        long due = q.size() >= batch.maxRows() || inputEnded ? now : lane.headQueuedAt + batch.maxDelay().toMillis();
        if (due > now) {
            lane.wakeAt(due);
            return;
        }
        // max_rows 1 still writes each event on its own, but hands the writer thread what waits, in order
        int n = (int) Math.min(q.size(), batch.maxRows() == 1 ? ONE_BY_ONE_EVENTS_PER_FLUSH : batch.maxRows());
        List<EventRecord> events = new ArrayList<>(n);
        for (long seq = q.head; seq < q.head + n; seq++) {
            EventRecord e = queue.get(seq);
            if (e == null) {
                throw new IllegalStateException("destination " + lane.destinationId + ": queue entry " + seq
                        + " is missing (head " + q.head + ", tail " + q.tail + ")");
            }
            events.add(e);
        }
        lane.inFlight = true;
        long head = q.head;
        lane.submit(events, flush -> mailbox.execute(() -> complete(lane, head, events, flush),
                "outcomes of a flush of destination " + lane.destinationId));
    }

    /** The outcomes of a flush, on the task thread: emitted in order, then the events leave the queue. */
    private void complete(Lane lane, long head, List<EventRecord> events, Lane.Result result) throws Exception {
        if (result.failure() != null) {
            throw new IllegalStateException("loading destination " + lane.destinationId + " failed", result.failure());
        }
        setCurrentKey(lane.key);
        for (Map.Entry<String, TableSchema> change : result.schemaChanges().entrySet()) {
            if (change.getValue() == null) {
                schemas.remove(change.getKey());
            } else {
                schemas.put(change.getKey(), change.getValue());
            }
        }
        QueueState q = queueState();
        if (q.head != head) {
            throw new IllegalStateException("destination " + lane.destinationId + ": queue head moved from " + head
                    + " to " + q.head + " during a flush");
        }
        LoaderMeters m = meters(lane.destinationId);
        List<LoadOutcome> outcomes = result.flush().outcomes();
        long wallNow = System.currentTimeMillis();
        String retryReason = null;
        int settled = 0;
        for (int i = 0; i < events.size(); i++) {
            LoadOutcome outcome = outcomes.get(i);
            if (outcome.kind() == LoadOutcome.Kind.RETRY) {
                retryReason = outcome.error();
                break;
            }
            EventRecord event = events.get(i);
            emit(event, outcome, m);
            if (event.readAt > 0) {
                m.latency.update(Math.max(0, wallNow - event.readAt));
            }
            queue.remove(q.head);
            q.head++;
            settled++;
        }
        m.flushed(settled, result.flush().rowsWritten(), result.nanos());
        if (retryReason != null) {
            q.attempts = settled == 0 ? q.attempts + 1 : 1;
            long delay = config.retry().delayMillis(q.attempts);
            q.nextAttemptAt = now() + delay;
            LOG.warn("Destination {}: warehouse unreachable ({}); {} event(s) wait, attempt {} in {} ms",
                    lane.destinationId, retryReason, q.size(), q.attempts + 1, delay);
        } else {
            if (q.attempts > 0) {
                LOG.info("Destination {}: warehouse reachable again", lane.destinationId);
            }
            q.attempts = 0;
            q.nextAttemptAt = 0;
        }
        queueState.update(q);
        lane.inFlight = false;
        lane.backingOff = retryReason != null;
        lane.queued = q.size();
        if (!q.isEmpty() && retryReason == null) {
            EventRecord next = queue.get(q.head);
            lane.headQueuedAt = next == null ? 0 : next.queuedAt;
        }
        lane.report();
        m.waiting.add(waiting(lane.destinationId));
        maybeFlush(lane, q);
    }

    private void emit(EventRecord event, LoadOutcome outcome, LoaderMeters m) {
        String destination = event.destinationId;
        switch (outcome.kind()) {
            case LOADED:
                m.loaded.inc();
                output.collect(ARCHIVE, new StreamRecord<>(new OutputLine(destination, event.json)));
                break;
            case SKIPPED:
                m.skipped.inc();
                break;
            case FAILED:
            default:
                m.failed.inc();
                LOG.debug("Destination {}: event {} failed: {}", destination, event.eventId, outcome.error());
                output.collect(FAILED, new StreamRecord<>(new OutputLine(destination,
                        FailedLines.forEvent(event.json, outcome.error(), event.eventId, destination, event.token,
                                Instant.now()))));
                break;
        }
    }

    /**
     * Events queued for a destination that the configuration no longer has (removed while they
     * waited): there is nowhere to load them, and retrying would never end, so each goes to
     * {@code failed/dst=<id>/} with a reason that says so — {@code luden replay} brings them back once
     * the destination is configured again.
     */
    private void failRemovedDestination(Lane lane, QueueState q) throws Exception {
        String reason = "destination " + lane.destinationId + " is not in the configuration any more; the event was"
                + " queued for it when it was removed (configure it again and `luden replay` this file to load it)";
        LOG.warn("Destination {} is not configured any more: its {} queued event(s) go to failed", lane.destinationId,
                q.size());
        LoaderMeters m = meters(lane.destinationId);
        while (!q.isEmpty()) {
            EventRecord event = queue.get(q.head);
            if (event != null) {
                emit(event, LoadOutcome.failed(reason), m);
            }
            queue.remove(q.head);
            q.head++;
        }
        q.attempts = 0;
        q.nextAttemptAt = 0;
        queueState.update(q);
        lane.queued = 0;
        lane.report();
        m.waiting.add(waiting(lane.destinationId));
    }

    /** A timer of {@code lane}: its flush or its retry may be due. */
    private void wake(Lane lane, long time) throws Exception {
        if (lane.timerAt != time) {
            return; // superseded
        }
        lane.timerAt = 0;
        setCurrentKey(lane.key);
        maybeFlush(lane, queueState());
    }

    /**
     * The end of a bounded input: flush everything now, and wait — processing the outcomes, retrying
     * unreachable warehouses with back-off — until every queue is empty. Flink deletes a finished
     * job's checkpoints, so finishing with queued events would lose them.
     */
    @Override
    public void endInput() throws Exception {
        inputEnded = true;
        for (Lane lane : new ArrayList<>(lanes.values())) {
            setCurrentKey(lane.key);
            lane.timerAt = 0;
            maybeFlush(lane, queueState());
        }
        long lastReport = 0;
        while (true) {
            List<String> waiting = new ArrayList<>();
            for (Lane lane : lanes.values()) {
                if (lane.queued > 0 || lane.inFlight) {
                    waiting.add(lane.destinationId + " (" + lane.queued + (lane.backingOff ? ", unreachable" : "") + ")");
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            long now = System.currentTimeMillis();
            if (now - lastReport >= END_OF_INPUT_REPORT_MILLIS && waiting.stream().anyMatch(w -> w.endsWith("unreachable)"))) {
                LOG.warn("The input has ended but events still wait for {}; the job keeps running until they are"
                        + " loaded (stop it with a savepoint to keep them for a later run)", waiting);
                lastReport = now;
            }
            mailbox.yield();
        }
    }

    /** Whether a flush of any destination is being written now (for tests driving the operator). */
    boolean flushInFlight() {
        return lanes.values().stream().anyMatch(l -> l.inFlight);
    }

    private long waiting(String destinationId) {
        long sum = 0;
        for (Lane lane : lanes.values()) {
            if (lane.destinationId.equals(destinationId)) {
                sum += lane.queued;
            }
        }
        return sum;
    }

    private QueueState queueState() throws Exception {
        QueueState q = queueState.value();
        return q == null ? new QueueState() : q;
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private Lane lane(String key) {
        Lane lane = lanes.get(key);
        if (lane == null) {
            String id = DestinationKeys.destinationOf(key);
            DestinationConfig d = config.destinations().get(id);
            lane = new Lane(key, id, d, config.maxmindPath(), getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                    snapshotOfSchemas(key), this::registerWake);
            lanes.put(key, lane);
            if (d != null) {
                meters(id).waitingGauge(() -> waiting(id));
            }
        }
        return lane;
    }

    private void registerWake(Lane lane, long time) {
        getProcessingTimeService().registerTimer(time, t -> wake(lane, time));
    }

    /** The cached schemas of {@code key} (the current key), to seed its writer thread's cache. */
    private Map<String, TableSchema> snapshotOfSchemas(String key) {
        Map<String, TableSchema> copy = new HashMap<>();
        try {
            setCurrentKey(key);
            for (Map.Entry<String, TableSchema> e : schemas.entries()) {
                copy.put(e.getKey(), e.getValue());
            }
        } catch (Exception e) {
            throw new IllegalStateException("reading the cached schemas of " + key + " failed", e);
        }
        return copy;
    }

    private LoaderMeters meters(String destination) {
        return meters.computeIfAbsent(destination, d -> new LoaderMeters(getRuntimeContext(), d));
    }

    @Override
    public void close() throws Exception {
        LoaderActivity.closed(this);
        try {
            if (lanes != null) {
                for (Lane lane : lanes.values()) {
                    lane.close();
                }
            }
        } finally {
            super.close();
        }
    }

    private static final class Factory extends AbstractStreamOperatorFactory<Void>
            implements OneInputStreamOperatorFactory<EventRecord, Void> {
        private static final long serialVersionUID = 1L;
        private final LudenConfig config;

        Factory(LudenConfig config) {
            this.config = config;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends StreamOperator<Void>> T createStreamOperator(StreamOperatorParameters<Void> parameters) {
            return (T) new DestinationLoader(parameters, config);
        }

        @Override
        public Class<? extends StreamOperator<?>> getStreamOperatorClass(ClassLoader classLoader) {
            return DestinationLoader.class;
        }
    }
}
