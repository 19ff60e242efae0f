package io.luden.stream.job;

/**
 * Ctrl-C (SIGINT) and SIGTERM without the JVM's default exit, so the launcher can stop the job with
 * a savepoint first. Where the signal API is missing, a shutdown hook does what it can.
 */
final class Signals {
    private Signals() {}

    static void onStop(Runnable action) {
        try {
            for (String name : new String[] {"INT", "TERM"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> action.run());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(action));
        }
    }
}
