package io.luden.stream.functions.js;

/**
 * A script failed for one input: a JavaScript error (its message and the line in the script), a
 * result of the wrong kind, or the time limit. The event goes to {@code failed} with this message.
 */
public class JsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public JsException(String message) {
        this(message, false);
    }

    JsException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    /** True when the script was stopped by the time limit. */
    public boolean timedOut() {
        return timedOut;
    }
}
