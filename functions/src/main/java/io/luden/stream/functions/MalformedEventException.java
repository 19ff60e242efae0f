package io.luden.stream.functions;

/** A spool line that is not one JSON object; the message says what was wrong with it. */
public class MalformedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
