package io.luden.stream.sinks;

/**
 * A write that did not happen. {@link Kind#CONNECTION}: the warehouse could not be reached (down,
 * network, timeout) — the event stays queued and is retried later, never failed. {@link Kind#DATA}:
 * the warehouse (or an exact-conversion check) refused this row — the event goes to {@code failed}.
 */
public class WarehouseException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        CONNECTION,
        DATA
    }

    private final Kind kind;

    public WarehouseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public WarehouseException(Kind kind, String message) {
        this(kind, message, null);
    }

    public static WarehouseException data(String message) {
        return new WarehouseException(Kind.DATA, message);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isConnection() {
        return kind == Kind.CONNECTION;
    }
}
