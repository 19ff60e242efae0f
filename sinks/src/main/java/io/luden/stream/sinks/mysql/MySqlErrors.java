package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.jdbc.SqlErrors;

import java.sql.SQLException;
import java.util.Set;

/**
 * MySQL's and MariaDB's error codes ({@link SQLException#getErrorCode()}, the server's or the
 * client library's number) that say "the server cannot take this now" rather than "this row is
 * wrong". Codes, not messages: the server echoes values into its messages.
 */
final class MySqlErrors {
    /**
     * Server: too many connections (1040; per user 1203, user resource limit 1226), shutdown in
     * progress (1053, 1077-1080), aborted connections (1152, 1184), network read/write errors
     * (1154-1161), lock wait timeout (1205), deadlock (1213), error during commit (1180), query
     * killed or interrupted (1317, MariaDB 1927), statement time limits (MariaDB 1969, MySQL 3024),
     * a read-only server — a replica, or a primary demoted by a fail-over (1290 --read-only, 1792,
     * 1836) — out of memory or resources (1037, 1038, 1041, 1135), disk or table full (1021, 1114),
     * idle connection closed by the server (MySQL 4031).
     * Client library: cannot connect (2002, 2003), unknown host (2005), server gone (2006), lost
     * during query (2013), lost (2055).
     */
    static final Set<Integer> CONNECTION_CODES = Set.of(
            1040, 1203, 1226, 1053, 1077, 1078, 1079, 1080, 1152, 1184,
            1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161, 1205, 1213, 1180, 1317, 1927, 1969, 3024,
            1290, 1792, 1836, 1037, 1038, 1041, 1135, 1021, 1114, 4031,
            2002, 2003, 2005, 2006, 2013, 2055);

    /** Table exists (1050), duplicate column (1060), duplicate key name (1061), database exists (1007). */
    static final Set<Integer> ALREADY_EXISTS_CODES = Set.of(1050, 1060, 1061, 1007);

    private MySqlErrors() {}

    /** A {@link #CONNECTION_CODES} code on any SQLException of the chain. */
    static boolean hasConnectionCode(SQLException e) {
        return anyCode(e, CONNECTION_CODES);
    }

    static boolean isAlreadyExists(SQLException e) {
        return anyCode(e, ALREADY_EXISTS_CODES);
    }

    private static boolean anyCode(SQLException e, Set<Integer> codes) {
        for (Throwable t : SqlErrors.chain(e)) {
            if (t instanceof SQLException && codes.contains(((SQLException) t).getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
