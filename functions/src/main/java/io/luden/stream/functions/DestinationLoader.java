package io.luden.stream.functions;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.files.OutputLine;
import io.luden.stream.functions.js.JsSupport;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The loader of SPEC §1: keyed by destination id, so one destination's events are loaded in order
 * by one subtask. Keyed state holds the destination's table schemas and its queue of events waiting
 * for an unreachable warehouse; a connection error never fails an event, it parks the queue and
 * retries with back-off from a timer, so a crash or an outage loses nothing.
 */
public class DestinationLoader extends KeyedProcessFunction<String, EventRecord, Void> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DestinationLoader.class);

    public static final OutputTag<OutputLine> FAILED = new OutputTag<>("failed") {};
    public static final OutputTag<OutputLine> ARCHIVE = new OutputTag<>("archive") {};

    private final LudenConfig config;

    private transient MapState<String, TableSchema> schemas;
    private transient MapState<Long, EventRecord> queue;
    private transient ValueState<QueueState> queueState;
    private transient Map<String, EventLoader> loaders;
    private transient Map<String, Meters> meters;
    private transient SchemaCache schemaCache;

    public DestinationLoader(LudenConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        schemas = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("schemas", Types.STRING, TypeInformation.of(TableSchema.class)));
        queue = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("queue", Types.LONG, TypeInformation.of(EventRecord.class)));
        queueState = getRuntimeContext().getState(
                new ValueStateDescriptor<>("queueState", TypeInformation.of(QueueState.class)));
        loaders = new HashMap<>();
        meters = new HashMap<>();
        schemaCache = new MapStateSchemaCache(schemas);
        ClassLoader jobLoader = JdbcDrivers.class.getClassLoader();
        if (jobLoader != KeyedProcessFunction.class.getClassLoader()) {
            // on a cluster (the job JAR in its own class loader): let that loader go when the job ends
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                    "luden-deregister-jdbc-drivers", () -> JdbcDrivers.deregisterDriversOf(jobLoader));
            getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                    "luden-release-graaljs-engine", JsSupport::releaseSharedEngine);
        }
    }

    @Override
    public void processElement(EventRecord event, Context ctx, Collector<Void> out) throws Exception {
        meters(event.destinationId).read.inc();
        QueueState q = queueState();
        if (q.isEmpty()) {
            LoadOutcome outcome = loadOne(event, ctx);
            if (outcome.kind() != LoadOutcome.Kind.RETRY) {
                return;
            }
            enqueue(q, event);
            scheduleRetry(q, ctx, outcome.error());
        } else {
            enqueue(q, event);
            if (q.nextAttemptAt == 0) {
                // a queue restored without its timer (e.g. from state written by another version) must still drain
                q.nextAttemptAt = ctx.timerService().currentProcessingTime() + 1;
                ctx.timerService().registerProcessingTimeTimer(q.nextAttemptAt);
            }
        }
        queueState.update(q);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Void> out) throws Exception {
        QueueState q = queueState();
        if (q.nextAttemptAt == 0 || timestamp < q.nextAttemptAt) {
            return; // superseded by a later schedule
        }
        q.nextAttemptAt = 0;
        while (!q.isEmpty()) {
            EventRecord head = queue.get(q.head);
            LoadOutcome outcome = loadOne(head, ctx);
            if (outcome.kind() == LoadOutcome.Kind.RETRY) {
                scheduleRetry(q, ctx, outcome.error());
                break;
            }
            queue.remove(q.head);
            q.head++;
            q.attempts = 0;
        }
        if (q.isEmpty()) {
            LOG.info("Destination {}: warehouse reachable again, queue drained", ctx.getCurrentKey());
        }
        queueState.update(q);
        meters(ctx.getCurrentKey()).waiting.add(q.size());
    }

    private LoadOutcome loadOne(EventRecord event, Context ctx) throws Exception {
        String destination = event.destinationId;
        LoadOutcome outcome = loader(destination).load(event, schemaCache);
        Meters m = meters(destination);
        switch (outcome.kind()) {
            case LOADED:
                m.loaded.inc();
                ctx.output(ARCHIVE, new OutputLine(destination, event.json));
                break;
            case SKIPPED:
                m.skipped.inc();
                break;
            case FAILED:
                m.failed.inc();
                LOG.debug("Destination {}: event {} failed: {}", destination, event.eventId, outcome.error());
                ctx.output(FAILED, new OutputLine(destination,
                        FailedLines.forEvent(event.json, outcome.error(), event.eventId, destination, event.token,
                                Instant.now())));
                break;
            case RETRY:
            default:
                break;
        }
        return outcome;
    }

    private void enqueue(QueueState q, EventRecord event) throws Exception {
        queue.put(q.tail, event);
        q.tail++;
        meters(event.destinationId).waiting.add(q.size());
    }

    private void scheduleRetry(QueueState q, Context ctx, String error) {
        q.attempts++;
        long delay = config.retry().delayMillis(q.attempts);
        q.nextAttemptAt = ctx.timerService().currentProcessingTime() + delay;
        ctx.timerService().registerProcessingTimeTimer(q.nextAttemptAt);
        LOG.warn("Destination {}: warehouse unreachable ({}); {} event(s) wait, attempt {} in {} ms",
                ctx.getCurrentKey(), error, q.size(), q.attempts + 1, delay);
    }

    private QueueState queueState() throws Exception {
        QueueState q = queueState.value();
        return q == null ? new QueueState() : q;
    }

    private EventLoader loader(String destination) throws Exception {
        EventLoader l = loaders.get(destination);
        if (l == null) {
            DestinationConfig d = config.destinations().get(destination);
            if (d == null) {
                throw new IllegalStateException("event routed to unknown destination " + destination);
            }
            l = new EventLoader(d, config.maxmindPath());
            loaders.put(destination, l);
        }
        return l;
    }

    private Meters meters(String destination) {
        return meters.computeIfAbsent(destination, d -> new Meters(this, d));
    }

    @Override
    public void close() throws Exception {
        if (loaders != null) {
            for (EventLoader l : loaders.values()) {
                try {
                    l.close();
                } catch (Exception e) {
                    LOG.warn("Closing destination {}: {}", l.destination().id(), e.toString());
                }
            }
        }
    }

    /** Metrics (Flink web UI, group {@code destination=<id>}) and summary accumulators of a destination. */
    private static final class Meters {
        final Both read;
        final Both loaded;
        final Both skipped;
        final Both failed;
        final GaugeAccumulator waiting = new GaugeAccumulator();

        Meters(DestinationLoader f, String destination) {
            MetricGroup g = f.getRuntimeContext().getMetricGroup().addGroup("destination", destination);
            read = new Both(g.counter("eventsRead"), Summary.counter(f.getRuntimeContext(), destination, Summary.READ));
            loaded = new Both(g.counter("eventsLoaded"), Summary.counter(f.getRuntimeContext(), destination, Summary.LOADED));
            skipped = new Both(g.counter("eventsSkipped"), Summary.counter(f.getRuntimeContext(), destination, Summary.SKIPPED));
            failed = new Both(g.counter("eventsFailed"), Summary.counter(f.getRuntimeContext(), destination, Summary.FAILED));
            f.getRuntimeContext().addAccumulator(Summary.name(destination, Summary.WAITING), waiting);
            g.gauge("eventsWaiting", waiting::getLocalValue);
        }
    }

    private static final class Both {
        final Counter metric;
        final LongCounter total;

        Both(Counter metric, LongCounter total) {
            this.metric = metric;
            this.total = total;
        }

        void inc() {
            metric.inc();
            total.add(1);
        }
    }

    /** The keyed MapState of the current destination as the writer's {@link SchemaCache}. */
    private static final class MapStateSchemaCache implements SchemaCache {
        private final MapState<String, TableSchema> state;

        MapStateSchemaCache(MapState<String, TableSchema> state) {
            this.state = state;
        }

        @Override
        public TableSchema get(String table) throws Exception {
            return state.get(table);
        }

        @Override
        public void put(String table, TableSchema schema) throws Exception {
            state.put(table, schema);
        }

        @Override
        public void remove(String table) throws Exception {
            state.remove(table);
        }
    }
}
