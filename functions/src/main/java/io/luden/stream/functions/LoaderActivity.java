package io.luden.stream.functions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the loaders of this JVM still have to do, for a launcher that runs the job in the same JVM
 * (an embedded Flink): a bounded run stops once the spool is drained <em>and</em> every event that
 * reached a loader is written, failed or parked for an unreachable warehouse — not while a
 * micro-batch still waits for its delay or its commit. Each lane (one destination on one subtask)
 * reports its count of unsettled events; a lane that closes removes itself.
 */
public final class LoaderActivity {
    private static final Map<Object, Long> UNSETTLED = new ConcurrentHashMap<>();
    private static final Map<Object, Boolean> OPEN = new ConcurrentHashMap<>();
    private static volatile long lastChangeNanos = System.nanoTime();

    private LoaderActivity() {}

    static void report(Object lane, long unsettled) {
        if (unsettled == 0) {
            UNSETTLED.remove(lane);
        } else {
            UNSETTLED.put(lane, unsettled);
        }
        lastChangeNanos = System.nanoTime();
    }

    static void remove(Object lane) {
        UNSETTLED.remove(lane);
        lastChangeNanos = System.nanoTime();
    }

    /** A loader subtask has opened: its restored queues are counted from now on. */
    static void opened(Object loader) {
        OPEN.put(loader, Boolean.TRUE);
        lastChangeNanos = System.nanoTime();
    }

    static void closed(Object loader) {
        OPEN.remove(loader);
        lastChangeNanos = System.nanoTime();
    }

    /**
     * Loader subtasks of this JVM that are open. Until all of a job's are, its restored queues are not
     * counted yet: "nothing unsettled" would be premature.
     */
    public static int openLoaders() {
        return OPEN.size();
    }

    /** Events queued at loaders of this JVM that are neither written nor waiting out a back-off. */
    public static long unsettled() {
        long sum = 0;
        for (long n : UNSETTLED.values()) {
            sum += n;
        }
        return sum;
    }

    /** Milliseconds since a loader of this JVM last queued, wrote or parked an event. */
    public static long quietMillis() {
        return (System.nanoTime() - lastChangeNanos) / 1_000_000;
    }
}
