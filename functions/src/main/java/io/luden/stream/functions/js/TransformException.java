package io.luden.stream.functions.js;

/**
 * The JavaScript transform cannot produce rows for one event (SPEC §7): it threw, returned
 * something other than an object / array / null / undefined, or ran past its time limit. The event
 * goes to {@code failed} with this message.
 */
public class TransformException extends JsException {
    private static final long serialVersionUID = 1L;

    public TransformException(String message) {
        super(message);
    }

    TransformException(String message, boolean timedOut) {
        super(message, timedOut);
    }
}
