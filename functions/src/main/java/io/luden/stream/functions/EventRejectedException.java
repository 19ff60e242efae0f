package io.luden.stream.functions;

/**
 * An event that cannot become a row (SPEC §8): the event goes to {@code failed} with this message,
 * which names the column and the value that were wrong.
 */
public class EventRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EventRejectedException(String message) {
        super(message);
    }
}
