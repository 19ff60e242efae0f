package io.luden.stream.functions.js;

import java.io.OutputStream;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.graalvm.polyglot.Engine;

/**
 * The GraalJS engine and the time-limit watchdog shared by all scripts of one class loader
 * (one Flink job): contexts of one engine share parsed code, so a context per subtask is cheap.
 * Both are created on first use, never in a static initializer, so merely loading a class of the
 * pipeline starts nothing.
 */
final class JsEngine {

    private static Engine engine;
    private static ScheduledThreadPoolExecutor watchdog;

    private JsEngine() {}

    static synchronized Engine engine() {
        if (engine == null) {
            engine = Engine.newBuilder("js")
                    // a stock JDK runs GraalJS interpreted; that is expected, not worth a warning per job
                    .option("engine.WarnInterpreterOnly", "false")
                    .out(OutputStream.nullOutputStream())
                    .build();
            JsSupport.markEngineCreated(true);
        }
        return engine;
    }

    /** One daemon thread that stops scripts running past their limit. */
    static synchronized ScheduledThreadPoolExecutor watchdog() {
        if (watchdog == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "luden-js-watchdog");
                thread.setDaemon(true);
                // must not pin the job's class loader once Flink lets it go
                thread.setContextClassLoader(null);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            watchdog = executor;
        }
        return watchdog;
    }

    static synchronized void release() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (engine != null) {
            try {
                engine.close(true);
            } finally {
                engine = null;
                JsSupport.markEngineCreated(false);
            }
        }
    }
}
