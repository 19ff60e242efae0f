package io.luden.stream.sinks.clickhouse;

import com.clickhouse.client.api.ServerException;
import io.luden.stream.sinks.jdbc.SqlErrors;

import java.sql.SQLException;
import java.util.Set;

/**
 * ClickHouse's error codes (the server's {@code X-ClickHouse-Exception-Code}, carried by client-v2's
 * {@link ServerException} in the JDBC exception's chain and as its vendor code), never message text.
 */
final class ClickHouseErrors {
    private ClickHouseErrors() {}

    /**
     * The server, not the row: TIMEOUT_EXCEEDED 159, TOO_SLOW 160, READONLY 164, UNKNOWN_DATABASE 81 (a
     * reconnect creates it again), TOO_MANY_SIMULTANEOUS_QUERIES 202, NO_FREE_CONNECTION 203,
     * SOCKET_TIMEOUT 209, NETWORK_ERROR 210, NO_ZOOKEEPER 225, ABORTED 236, MEMORY_LIMIT_EXCEEDED 241,
     * TABLE_IS_READ_ONLY 242, TOO_MANY_PARTS 252, TOO_FEW_LIVE_REPLICAS 285, UNKNOWN_STATUS_OF_INSERT 319,
     * QUERY_WAS_CANCELLED 394, SYSTEM_ERROR 425, CANNOT_SCHEDULE_TASK 439, DEADLOCK_AVOIDED 473,
     * ACCESS_DENIED 497, AUTHENTICATION_FAILED 516, KEEPER_EXCEPTION 999, POCO_EXCEPTION 1000,
     * SERVER_OVERLOADED 202… (all "retry later, the event is not at fault").
     */
    static final Set<Integer> CONNECTION_CODES = Set.of(81, 159, 160, 164, 202, 203, 209, 210, 225, 236, 241, 242,
            252, 285, 319, 394, 425, 439, 473, 497, 516, 999, 1000);

    /** DUPLICATE_COLUMN 15, TABLE_ALREADY_EXISTS 57, DATABASE_ALREADY_EXISTS 82. */
    static final Set<Integer> ALREADY_EXISTS_CODES = Set.of(15, 57, 82);

    /** The server's error code in the chain, or -1. */
    static int code(Throwable e) {
        for (Throwable t : SqlErrors.chain(e)) {
            if (t instanceof ServerException) {
                return ((ServerException) t).getCode();
            }
        }
        return -1;
    }

    static boolean isConnectionError(SQLException e) {
        return CONNECTION_CODES.contains(code(e));
    }

    static boolean isAlreadyExists(SQLException e) {
        return ALREADY_EXISTS_CODES.contains(code(e));
    }
}
