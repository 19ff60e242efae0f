package io.luden.stream.sinks.jdbc;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Database-independent signs that a failure is the network's, not the row's. */
public final class SqlErrors {
    /** Jitsu 1.x's connection-error substrings (storages/streaming.go), matched case-insensitively. */
    private static final List<String> NETWORK_WORDS =
            List.of("connection refused", "broken pipe", "connection reset", "timed out", "no such host");

    private SqlErrors() {}

    /** A socket/connect/EOF exception anywhere in the cause (or next-exception) chain, or one of Jitsu's substrings. */
    public static boolean isNetworkFailure(Throwable error) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = error;
        while (t != null && seen.put(t, Boolean.TRUE) == null) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof EOFException
                    || t instanceof ClosedChannelException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                // Jitsu matches "EOF" case-sensitively: lower-case "eof" occurs in ordinary words
                if (message.contains("EOF")) {
                    return true;
                }
                String lower = message.toLowerCase(Locale.ROOT);
                for (String word : NETWORK_WORDS) {
                    if (lower.contains(word)) {
                        return true;
                    }
                }
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof SQLException) {
                next = ((SQLException) t).getNextException();
            }
            t = next;
        }
        return false;
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
