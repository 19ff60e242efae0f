package io.luden.stream.functions;

/** What became of one event at one destination. */
public final class LoadOutcome {
    public enum Kind {
        /** Written (or already there: a replay). Goes to archive. */
        LOADED,
        /** The table name template said to skip it (SPEC §5). Counted only. */
        SKIPPED,
        /** Refused for a data reason. Goes to failed with {@link #error()}. */
        FAILED,
        /** The warehouse could not be reached: keep the event queued and retry later. */
        RETRY
    }

    private final Kind kind;
    private final String detail;

    private LoadOutcome(Kind kind, String detail) {
        this.kind = kind;
        this.detail = detail;
    }

    public static LoadOutcome loaded(String table) {
        return new LoadOutcome(Kind.LOADED, table);
    }

    public static LoadOutcome skipped() {
        return new LoadOutcome(Kind.SKIPPED, null);
    }

    public static LoadOutcome failed(String error) {
        return new LoadOutcome(Kind.FAILED, error);
    }

    public static LoadOutcome retry(String error) {
        return new LoadOutcome(Kind.RETRY, error);
    }

    public Kind kind() {
        return kind;
    }

    /** The table written to, for LOADED. */
    public String table() {
        return kind == Kind.LOADED ? detail : null;
    }

    /** The reason, for FAILED and RETRY. */
    public String error() {
        return kind == Kind.FAILED || kind == Kind.RETRY ? detail : null;
    }

    @Override
    public String toString() {
        return kind + (detail == null ? "" : ": " + detail);
    }
}
