package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.jdbc.SqlErrors;
import org.h2.api.ErrorCode;
import org.h2.jdbc.JdbcException;

import java.sql.SQLException;
import java.util.Set;

/** H2's vendor codes (on H2's own exceptions) that {@link H2Dialect} classifies errors by; never message text. */
final class H2Errors {
    /** H2's code when the disk is full (not in 2.0's public {@code ErrorCode}). */
    static final int NO_DISK_SPACE_AVAILABLE = 90100;

    /**
     * H2 error codes that mean "the server or the session, not the row; try later": the TCP connection
     * broke (90067), I/O on the server (90028, 90031), the database was closed, is shutting down or is
     * held exclusively (90098, 90121, 90135), another process has the file (90020), the file is corrupt
     * (90030), memory or disk ran out (90108, 90100), a lock wait timed out (50200, SQLState HYT00),
     * another transaction changed the row first (90131), the statement was cancelled or timed out
     * (57014). The standard 08xxx and 40001 (H2's deadlock) are in {@link SqlErrors#isConnectionFailure},
     * as is {@code SQLNonTransientConnectionException}, H2's exception type for 90067 and the 08xxx codes.
     */
    static final Set<Integer> CONNECTION_CODES = Set.of(
            ErrorCode.CONNECTION_BROKEN_1, ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2,
            ErrorCode.DATABASE_IS_CLOSED, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN,
            ErrorCode.DATABASE_IS_IN_EXCLUSIVE_MODE, ErrorCode.DATABASE_ALREADY_OPEN_1,
            ErrorCode.FILE_CORRUPTED_1, ErrorCode.OUT_OF_MEMORY, NO_DISK_SPACE_AVAILABLE,
            ErrorCode.LOCK_TIMEOUT_1, ErrorCode.CONCURRENT_UPDATE_1, ErrorCode.STATEMENT_WAS_CANCELED);

    /**
     * A table, column, schema, index or constraint that is there already (the SQLState is not always the
     * code: 42101 is 42S01, 42121 is 42S21).
     */
    static final Set<Integer> ALREADY_EXISTS_CODES = Set.of(
            ErrorCode.TABLE_OR_VIEW_ALREADY_EXISTS_1, ErrorCode.DUPLICATE_COLUMN_NAME_1,
            ErrorCode.SCHEMA_ALREADY_EXISTS_1, ErrorCode.INDEX_ALREADY_EXISTS_1,
            ErrorCode.CONSTRAINT_ALREADY_EXISTS_1);

    static final Set<Integer> DUPLICATE_KEY = Set.of(ErrorCode.DUPLICATE_KEY_1);

    private H2Errors() {}

    /**
     * True when an exception of H2's driver in the chain has one of these vendor codes. Only H2's own
     * exceptions: another driver's (or a wrapper's) codes mean something else.
     */
    static boolean anyH2Code(Throwable e, Set<Integer> codes) {
        for (Throwable t : SqlErrors.chain(e)) {
            if (t instanceof SQLException && t instanceof JdbcException && codes.contains(((SQLException) t).getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
