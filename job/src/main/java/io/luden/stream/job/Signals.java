package io.luden.stream.job;

/** Ctrl-C without the JVM's default exit, so the launcher can stop the job with a savepoint first. */
final class Signals {
    private Signals() {}

    @SuppressWarnings("removal")
    static void onInterrupt(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(action));
        }
    }
}
