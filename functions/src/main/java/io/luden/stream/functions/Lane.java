package io.luden.stream.functions;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One destination key on one loader subtask: its writer thread (which owns the destination's
 * {@link EventLoader} — pipeline, JavaScript context, connection) and what the task thread knows of
 * its queue. At most one flush is in flight, so the destination's writes stay in arrival order. The
 * fields are the task thread's; the writer thread sees only the events handed to it and its own
 * schema cache, whose changes travel back with the result to be written into keyed state.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    /** How long closing waits for a write in flight before interrupting it. */
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** Registers a processing-time wake-up of a lane. */
    interface Waker {
        void register(Lane lane, long time);
    }

    /** What a flush produced, or the bug that stopped it. */
    record Result(EventLoader.Flush flush, Throwable failure, Map<String, TableSchema> schemaChanges, long nanos) {}

    final String key;
    final String destinationId;
    /** Null when the configuration no longer has the destination (its queue came back with the state). */
    final DestinationConfig destination;

    boolean inFlight;
    boolean backingOff;
    long queued;
    /** Processing time the event at the head of the queue was queued (0: due now). */
    long headQueuedAt;
    /** The wake-up timer registered, or 0. */
    long timerAt;

    private final Waker waker;
    private final String maxmindPath;
    private final ExecutorService writer;
    private final RecordingSchemaCache cache;
    private EventLoader loader;

    Lane(String key, String destinationId, DestinationConfig destination, String maxmindPath, int subtask,
         Map<String, TableSchema> cachedSchemas, Waker waker) {
        this.key = key;
        this.destinationId = destinationId;
        this.destination = destination;
        this.maxmindPath = maxmindPath;
        this.waker = waker;
        this.cache = new RecordingSchemaCache(cachedSchemas);
        this.writer = destination == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "luden-writer " + destinationId + " #" + subtask);
            t.setDaemon(true);
            return t;
        });
    }

    /** Makes sure the lane is looked at again at {@code time} (an earlier wake-up will look anyway). */
    void wakeAt(long time) {
        if (timerAt != 0 && timerAt <= time) {
            return;
        }
        timerAt = time;
        waker.register(this, time);
    }

    /** Tells {@link LoaderActivity} how many of its events are neither settled nor waiting out a back-off. */
    void report() {
        LoaderActivity.report(this, backingOff ? 0 : queued);
    }

    /** Loads {@code events} on the writer thread; {@code done} is called there with the result. */
    void submit(List<EventRecord> events, Consumer<Result> done) {
        writer.execute(() -> {
            long start = System.nanoTime();
            EventLoader.Flush flush = null;
            Throwable failure = null;
            try {
                if (loader == null) {
                    loader = new EventLoader(destination, maxmindPath);
                }
                flush = loader.load(events, cache);
            } catch (Throwable t) {
                failure = t;
            }
            Result result = new Result(flush, failure, cache.takeChanges(), System.nanoTime() - start);
            try {
                done.accept(result);
            } catch (RejectedExecutionException closing) {
                LOG.debug("destination {}: the task is closing, a flush result is dropped (its events stay queued)",
                        destinationId);
            }
        });
    }

    /** Closes the destination's loader on its own thread and ends the thread. */
    void close() {
        LoaderActivity.remove(this);
        if (writer == null) {
            return;
        }
        try {
            writer.execute(() -> {
                if (loader != null) {
                    try {
                        loader.close();
                    } catch (Exception e) {
                        LOG.warn("Closing destination {}: {}", destinationId, e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Destination {}: a write still runs after {} s; interrupting it (its events stay queued)",
                        destinationId, CLOSE_WAIT_SECONDS);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The writer thread's schema cache: a map seeded from keyed state that records what changed. */
    static final class RecordingSchemaCache implements SchemaCache {
        private final Map<String, TableSchema> schemas;
        private Map<String, TableSchema> changes = new LinkedHashMap<>();

        RecordingSchemaCache(Map<String, TableSchema> seed) {
            this.schemas = new HashMap<>(seed);
        }

        @Override
        public TableSchema get(String table) {
            return schemas.get(table);
        }

        @Override
        public void put(String table, TableSchema schema) {
            schemas.put(table, schema);
            changes.put(table, schema);
        }

        @Override
        public void remove(String table) {
            schemas.remove(table);
            changes.put(table, null);
        }

        /** Changes since the last call: table → new schema, or null when removed. */
        Map<String, TableSchema> takeChanges() {
            Map<String, TableSchema> taken = changes;
            changes = new LinkedHashMap<>();
            return taken;
        }
    }
}
