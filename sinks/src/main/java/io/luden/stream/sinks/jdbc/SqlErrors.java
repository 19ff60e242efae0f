package io.luden.stream.sinks.jdbc;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Database-independent signs that a failure is the connection's, not the row's: exception TYPES and
 * standard SQLStates anywhere in the chain. Never message text (Jitsu 1.x matched substrings such as
 * "timed out" or "EOF", which also occur in a row's values echoed back by the database).
 */
public final class SqlErrors {
    /**
     * Types that mean the network, the socket or the connection, wherever they are in the chain.
     * {@code ConnectException} is a {@code SocketException}; {@code SQLTimeoutException} is what a
     * driver throws when a query timeout fires (DuckDB's interrupt, JDBC {@code setQueryTimeout}).
     */
    static final List<Class<? extends Throwable>> CONNECTION_TYPES = List.of(
            SocketException.class, SocketTimeoutException.class, EOFException.class,
            UnknownHostException.class, ClosedChannelException.class,
            SQLTransientConnectionException.class, SQLNonTransientConnectionException.class,
            SQLRecoverableException.class, SQLTimeoutException.class);

    /** SQL-standard class 08: connection exception. */
    static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** SQL-standard 40001: serialization failure — the transaction may succeed when run again. */
    static final String SERIALIZATION_FAILURE = "40001";

    private SqlErrors() {}

    /**
     * The failure of a connection, by what every database shares: a {@link #CONNECTION_TYPES} type,
     * or SQLState class 08 or 40001, anywhere in the cause / next-exception / suppressed chain.
     */
    public static boolean isConnectionFailure(Throwable error) {
        return hasConnectionType(error) || anySqlState(error, SqlErrors::isStandardConnectionState);
    }

    /** SQLState class 08 (connection exception) or 40001 (serialization failure). */
    public static boolean isStandardConnectionState(String sqlState) {
        return sqlState.startsWith(CONNECTION_EXCEPTION_CLASS) || sqlState.equals(SERIALIZATION_FAILURE);
    }

    /** A {@link #CONNECTION_TYPES} exception anywhere in the chain. */
    public static boolean hasConnectionType(Throwable error) {
        for (Throwable t : chain(error)) {
            for (Class<? extends Throwable> type : CONNECTION_TYPES) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when an SQLException in the chain has a (non-null) SQLState that {@code test} accepts. */
    public static boolean anySqlState(Throwable error, Predicate<String> test) {
        for (Throwable t : chain(error)) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && test.test(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The SQLStates in the chain, in chain order (for messages and tests). */
    public static List<String> sqlStates(Throwable error) {
        List<String> states = new ArrayList<>();
        for (Throwable t : chain(error)) {
            if (t instanceof SQLException && ((SQLException) t).getSQLState() != null) {
                states.add(((SQLException) t).getSQLState());
            }
        }
        return states;
    }

    /**
     * {@code error}, its causes, the next exceptions of SQLExceptions (pgjdbc chains batch errors
     * there) and suppressed exceptions, each once, breadth-first; cycles are cut.
     */
    public static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        if (error != null) {
            todo.add(error);
        }
        while (!todo.isEmpty() && out.size() < 100) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
                todo.add(((SQLException) t).getNextException());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
        }
        return out;
    }

    /** The message of the first exception in the chain that has one, for error texts. */
    public static String message(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return error.getClass().getSimpleName();
    }
}
