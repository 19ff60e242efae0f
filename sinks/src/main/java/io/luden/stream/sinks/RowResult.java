package io.luden.stream.sinks;

import java.util.Objects;

/** What became of one row handed to a {@link BatchWriter}: written, refused for a data reason, or to be retried. */
public final class RowResult {
    public enum Kind {
        /** In the destination (or already there by its key: a replay). */
        WRITTEN,
        /** Refused for a reason of this row's data; the reason names table, column, type and value. */
        REFUSED,
        /** The destination could not take it now (connection-class): keep it queued and retry later. */
        RETRY
    }

    private static final RowResult WRITTEN = new RowResult(Kind.WRITTEN, null);

    private final Kind kind;
    private final String reason;

    private RowResult(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    public static RowResult written() {
        return WRITTEN;
    }

    public static RowResult refused(String reason) {
        return new RowResult(Kind.REFUSED, Objects.requireNonNull(reason, "reason"));
    }

    public static RowResult retry(String reason) {
        return new RowResult(Kind.RETRY, Objects.requireNonNull(reason, "reason"));
    }

    /** The result a {@link WarehouseException} stands for. */
    public static RowResult of(WarehouseException e) {
        return e.isConnection() ? retry(e.getMessage()) : refused(e.getMessage());
    }

    public Kind kind() {
        return kind;
    }

    /** Why it was refused or must be retried; null when written. */
    public String reason() {
        return reason;
    }

    public boolean isWritten() {
        return kind == Kind.WRITTEN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowResult && kind == ((RowResult) o).kind && Objects.equals(reason, ((RowResult) o).reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, reason);
    }

    @Override
    public String toString() {
        return reason == null ? kind.toString() : kind + ": " + reason;
    }
}
