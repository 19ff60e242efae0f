package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import io.luden.stream.sinks.WarehouseException;

import java.util.Set;

/**
 * Which BigQuery failures are the data's fault and which mean "not now". Only a 400 ({@code invalid},
 * {@code invalidQuery}) is a data problem; everything else — I/O errors, 5xx, 429, {@code rateLimitExceeded},
 * {@code backendError}, quota, and also 401/403 (a key without the right role) — keeps the events queued:
 * a fix of the account lets them through, and nothing lands in {@code failed} for a reason that is not its own.
 */
final class BigQueryErrors {
    /** Per-row {@code insertErrors} reasons that are BigQuery's own trouble, not the row's. */
    private static final Set<String> TRANSIENT_ROW_REASONS = Set.of("backendError", "internalError", "timeout",
            "rateLimitExceeded", "quotaExceeded", "stopped");

    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;

    private BigQueryErrors() {}

    static boolean isData(BigQueryException e) {
        return e.getCode() == 400;
    }

    static boolean isNotFound(BigQueryException e) {
        return e.getCode() == NOT_FOUND;
    }

    static boolean isAlreadyExists(BigQueryException e) {
        return e.getCode() == CONFLICT || "duplicate".equals(e.getReason());
    }

    /** A per-row error that does not refuse the row. */
    static boolean isTransient(BigQueryError error) {
        return error.getReason() != null && TRANSIENT_ROW_REASONS.contains(error.getReason());
    }

    /** BigQuery's words for a failure: the message, with the reason when it adds one. */
    static String describe(BigQueryException e) {
        String message = e.getMessage() == null ? "(no message)" : e.getMessage();
        String reason = e.getReason();
        String code = e.getCode() > 0 ? "HTTP " + e.getCode() + " " : "";
        return code + (reason == null || message.contains(reason) ? message : reason + ": " + message);
    }

    static String describe(BigQueryError error) {
        String where = error.getLocation() == null || error.getLocation().isEmpty() ? "" : " at " + error.getLocation();
        return error.getReason() + where + ": " + error.getMessage();
    }

    /** A failure of {@code what} on {@code table} as the writer's outcome: DATA only for a 400. */
    static WarehouseException of(String what, String table, BigQueryException e) {
        return new WarehouseException(isData(e) ? WarehouseException.Kind.DATA : WarehouseException.Kind.CONNECTION,
                what + " table \"" + table + "\" failed: " + describe(e), e);
    }
}
