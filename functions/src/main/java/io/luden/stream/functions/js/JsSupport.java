package io.luden.stream.functions.js;

/**
 * What code outside this package may call without GraalJS on the class path. GraalJS is a
 * {@code provided} dependency (Flink's {@code lib/}), so a job whose configuration has no
 * JavaScript must run without it: only {@link JsRuntime} and {@link JsEngine} name GraalJS types,
 * and they are linked only when a script really runs.
 */
public final class JsSupport {

    private static final String POLYGLOT_CONTEXT = "org.graalvm.polyglot.Context";

    /** Set once the shared engine exists, so {@link #releaseSharedEngine()} never links GraalJS needlessly. */
    private static volatile boolean engineCreated;

    private JsSupport() {}

    /** True when the GraalJS polyglot API can be loaded by this class's loader. */
    public static boolean available() {
        try {
            Class.forName(POLYGLOT_CONTEXT, false, JsSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @throws IllegalStateException saying where GraalJS has to be when it is missing */
    public static void requireAvailable(String what) {
        if (!available()) {
            throw new IllegalStateException(what + " needs GraalJS (org.graalvm.polyglot:polyglot and"
                    + " js-community) on the class path: on a Flink cluster put its jars into lib/");
        }
    }

    /**
     * Closes the engine and the watchdog thread shared by every script of this class loader, and
     * cancels what still runs. For Flink's user-code class loader release hook; a later script
     * creates them again. Does nothing (and loads no GraalJS class) when no script ever ran.
     */
    public static void releaseSharedEngine() {
        if (engineCreated) {
            JsEngine.release();
        }
    }

    static void markEngineCreated(boolean created) {
        engineCreated = created;
    }
}
