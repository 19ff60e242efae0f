package io.luden.stream.bench;

/**
 * The job's active loading window, seen from outside while it runs: a signature of what the job
 * has written so far (PostgreSQL: the heap size of its tables; DuckDB: the size of the database's
 * write-ahead log) polled every {@link #POLL_MS} ms; the window is the first change to the last.
 * Independent of JVM and Flink start-up and of the stop with a savepoint; a write smaller than a
 * page (PostgreSQL) at either end is not seen, and the first batch's preparation before its first
 * write is not counted.
 */
final class WriteWatcher implements AutoCloseable {
    static final long POLL_MS = 50;

    /** What the job has written so far; {@code null}: nothing to compare (e.g. the file is not there). */
    interface Signature extends AutoCloseable {
        Long read() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    private final Signature signature;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long first;
    private volatile long last;
    private volatile Exception error;

    WriteWatcher(String name, Signature signature) {
        this.signature = signature;
        thread = new Thread(() -> {
            Long previous = null;
            boolean seenBaseline = false;
            while (!stop) {
                try {
                    long now = System.nanoTime();
                    Long s = signature.read();
                    if (s != null) {
                        if (seenBaseline && !s.equals(previous)) {
                            if (first == 0) {
                                first = now;
                            }
                            last = now;
                        }
                        previous = s;
                    }
                    seenBaseline = true;
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    error = e;
                    try {
                        Thread.sleep(POLL_MS);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }, "write-watcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Seconds from the first observed write to the last; 0 when fewer than two polls saw writes. */
    double windowSeconds() {
        return first == 0 ? 0 : (last - first) / 1e9;
    }

    Exception lastError() {
        return error;
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.join(5000);
        signature.close();
    }
}
