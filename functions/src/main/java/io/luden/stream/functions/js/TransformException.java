package io.luden.stream.functions.js;

/**
 * The JavaScript transform cannot produce rows for one event (SPEC §7): it threw, returned
 * something other than an object / array / null / undefined, or ran past its time limit. The event
 * goes to {@code failed} with this message.
 */
public class TransformException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    public TransformException(String message) {
        this(message, false);
    }

    TransformException(String message, boolean timedOut) {
        super(message);
        this.timedOut = timedOut;
    }

    /** True when the transform was stopped by its time limit. */
    public boolean timedOut() {
        return timedOut;
    }
}
