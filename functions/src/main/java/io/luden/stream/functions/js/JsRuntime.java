package io.luden.stream.functions.js;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * One user script in a GraalJS sandbox: a {@link Context} of the shared {@link JsEngine}, reused
 * for every call (one runtime per Flink subtask and destination; not for concurrent use). The
 * script is a function body; an adapter script turns JSON text into arguments and the result into
 * a string, so only strings cross the boundary and no guest code runs outside the time limit.
 *
 * <p>The sandbox grants nothing: no host classes or objects, no files, sockets or {@code load()},
 * no threads, processes, native code, environment or other languages; the globals naming Java
 * ({@code Java}, {@code Packages}, {@code java}, ...) and {@code Graal} are removed, and
 * {@code console} writes nowhere. The only GraalJS types of the pipeline live here and in
 * {@link JsEngine} (see {@link JsSupport}).
 */
final class JsRuntime implements AutoCloseable {

    private static final Predicate<String> NO_HOST_CLASS = className -> false;
    /** Bindings that only make sense with host access; without it they are dead ends, so they go. */
    private static final String REMOVE_HOST_GLOBALS =
            "for (const k of ['Java', 'Packages', 'java', 'javax', 'javafx', 'com', 'org', 'edu', 'Graal'])"
            + " delete globalThis[k];";
    /**
     * The Function constructor parses the body on its own, so a body that closes the wrapper's
     * function early ({@code }); while (true) {} (function () {}) is refused instead of running
     * outside the time limit when the wrapper is evaluated.
     */
    private static final String BODY_GUARD = "(function (parameters, body) { Function(parameters, body); })";
    /** {@code SyntaxError: <source name>:<line>:<column> <what>}, GraalJS's syntax error message. */
    private static final Pattern SYNTAX_ERROR = Pattern.compile("(SyntaxError: )\\S+:(\\d+):\\d+ (.*)");

    private final String name;
    private final List<String> parameters;
    private final String body;
    private final Source user;
    private final Source adapter;
    private final int bodyLines;
    private final long timeoutMillis;

    private final Object lock = new Object();
    private Context context;
    private Value entry;
    private long calls;
    /** The call the watchdog may still stop; 0 when none runs. */
    private long running;
    private boolean cancelled;

    /**
     * @param name what the script is, for messages ({@code transform}, {@code table_name_template})
     * @param parameters the names the body sees ({@code $}, {@code _}, ...)
     * @param body the user's function body
     * @param adapter JavaScript evaluating to {@code function (userFunction)} that returns the
     *     function {@link #call} runs; it returns a string or null
     */
    JsRuntime(String name, List<String> parameters, String body, String adapter, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + ": the time limit must be positive, was " + timeout);
        }
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.body = body;
        this.user = userSource(name, parameters, body);
        this.adapter = Source.newBuilder("js", adapter, "luden-" + name + "-adapter.js").buildLiteral();
        this.bodyLines = lineCount(body);
        this.timeoutMillis = timeout.toMillis();
    }

    /**
     * Parses a function body without running it.
     *
     * @throws JsException with the JavaScript syntax error and its line in the body
     */
    static void checkSyntax(String name, List<String> parameters, String body) throws JsException {
        try (Context parser = newContext()) {
            parser.parse(userSource(name, parameters, body));
            guardBody(parser, parameters, body);
        } catch (PolyglotException e) {
            throw describe(name, e, lineCount(body));
        }
    }

    /**
     * Runs the adapter's function with these arguments under the time limit.
     *
     * @return its string result, or null when it returned something else
     * @throws JsException the script threw (message and line), or ran past the limit — the runtime
     *     then starts over with a fresh context on the next call
     */
    String call(Object... arguments) throws JsException {
        Value function = entry();
        long call;
        synchronized (lock) {
            call = ++calls;
            running = call;
            cancelled = false;
        }
        ScheduledFuture<?> timer = JsEngine.watchdog().schedule(() -> cancel(call), timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            Value result = function.execute(arguments);
            return result.isString() ? result.asString() : null;
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isInterrupted() || wasCancelled()) {
                throw timedOut();
            }
            throw describe(name, e, bodyLines);
        } catch (IllegalStateException e) {
            // the watchdog closed the context between the script's end and reading its result
            if (wasCancelled()) {
                throw timedOut();
            }
            throw e;
        } finally {
            timer.cancel(false);
            synchronized (lock) {
                running = 0;
                if (cancelled) {
                    context = null;
                    entry = null;
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (context != null) {
                context.close(true);
                context = null;
                entry = null;
            }
        }
    }

    private Value entry() throws JsException {
        synchronized (lock) {
            if (entry == null) {
                Context fresh = newContext();
                try {
                    fresh.eval("js", REMOVE_HOST_GLOBALS);
                    guardBody(fresh, parameters, body);
                    Value userFunction = fresh.eval(user);
                    entry = fresh.eval(adapter).execute(userFunction);
                } catch (PolyglotException e) {
                    fresh.close(true);
                    throw describe(name, e, bodyLines);
                } catch (RuntimeException e) {
                    fresh.close(true);
                    throw e;
                }
                context = fresh;
            }
            return entry;
        }
    }

    /** Runs on the watchdog thread; under the lock, so it cannot hit the next call. */
    private void cancel(long call) {
        synchronized (lock) {
            if (running != call || context == null) {
                return;
            }
            cancelled = true;
            // closing is what stops any guest code, loops included; the next call builds a new context
            context.close(true);
        }
    }

    private boolean wasCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    private JsException timedOut() {
        return new JsException(name + " timed out after " + timeoutMillis + " ms", true);
    }

    private static Context newContext() {
        return Context.newBuilder("js")
                .engine(JsEngine.engine())
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(NO_HOST_CLASS)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .allowValueSharing(false)
                .option("js.load", "false")
                .option("js.print", "false")
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .build();
    }

    /**
     * The body inside a function expression whose header shares the body's first line, so a line
     * number in GraalJS's messages is the line in the user's script.
     */
    private static Source userSource(String name, List<String> parameters, String body) {
        String text = "(function (" + String.join(", ", parameters) + ") {" + body + "\n})";
        return Source.newBuilder("js", text, name + ".js").buildLiteral();
    }

    private static void guardBody(Context context, List<String> parameters, String body) {
        context.eval("js", BODY_GUARD).execute(String.join(", ", parameters), body);
    }

    private static JsException describe(String name, PolyglotException e, int bodyLines) {
        if (e.isInternalError() || e.isHostException()) {
            return new JsException(name + ": internal error in the JavaScript engine: " + e.getMessage());
        }
        String message = e.getMessage() == null ? "error" : e.getMessage();
        int line;
        Matcher syntax = SYNTAX_ERROR.matcher(message.lines().findFirst().orElse(message));
        if (syntax.matches()) {
            // the excerpt lines after the first show the wrapper, not the user's script
            message = syntax.group(1) + syntax.group(3);
            line = Integer.parseInt(syntax.group(2));
        } else {
            line = lineIn(name + ".js", e);
        }
        return new JsException(name + ": " + message + (line > 0 ? " at line " + Math.min(line, bodyLines) : ""));
    }

    /** The line of the innermost frame in the user's script (not the adapter); 0 when none. */
    private static int lineIn(String sourceName, PolyglotException e) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection at = frame.getSourceLocation();
            if (frame.isGuestFrame() && at != null && sourceName.equals(at.getSource().getName())) {
                return at.getStartLine();
            }
        }
        return 0;
    }

    private static int lineCount(String body) {
        return (int) body.chars().filter(c -> c == '\n').count() + 1;
    }
}
