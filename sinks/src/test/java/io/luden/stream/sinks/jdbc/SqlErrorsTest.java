package io.luden.stream.sinks.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The database-independent part of the connection class: exception types and standard SQLStates, never text. */
class SqlErrorsTest {

    private static final List<Throwable> CONNECTION_TYPED = List.of(
            new ConnectException("Connection refused"), new SocketTimeoutException("Read timed out"),
            new SocketException("Broken pipe"), new EOFException(), new UnknownHostException("db"),
            new SQLTransientConnectionException("pool exhausted"), new SQLNonTransientConnectionException("closed"),
            new SQLRecoverableException("reconnect"), new SQLTimeoutException("query timeout"));

    @Test
    void everyConnectionTypeCountsAloneAndAnywhereInTheChain() {
        for (Throwable t : CONNECTION_TYPED) {
            assertThat(SqlErrors.isConnectionFailure(t)).as("%s", t).isTrue();
            assertThat(SqlErrors.isConnectionFailure(new SQLException("wrapper", "XX000", t))).as("cause %s", t).isTrue();
            SQLException deep = new SQLException("outer", null, new RuntimeException(new IOException("io", t)));
            assertThat(SqlErrors.isConnectionFailure(deep)).as("deep %s", t).isTrue();
            SQLException next = new SQLException("batch entry failed", "22P02");
            next.setNextException(new SQLException("and then", null, t));
            assertThat(SqlErrors.isConnectionFailure(next)).as("next exception %s", t).isTrue();
            SQLException suppressed = new SQLException("insert failed", "22P02");
            suppressed.addSuppressed(t);
            assertThat(SqlErrors.isConnectionFailure(suppressed)).as("suppressed %s", t).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08004", "08006", "08007", "08P01", "40001"})
    void standardConnectionStates(String state) {
        assertThat(SqlErrors.isConnectionFailure(new SQLException("whatever", state))).isTrue();
        assertThat(SqlErrors.isConnectionFailure(new RuntimeException(new SQLException("x", state)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22P02", "23505", "42P01", "42703", "40002", "40003", "54011", "XX000", "HY000", "0A000"})
    void otherStatesAreNot(String state) {
        assertThat(SqlErrors.isConnectionFailure(new SQLException("whatever", state))).isFalse();
    }

    /** Jitsu 1.x's substrings: a value echoed in a message ("timed out", "EOF") must not make a poison event wait forever. */
    @ParameterizedTest
    @ValueSource(strings = {"connection refused", "Broken pipe", "connection reset by peer", "i/o timed out",
            "dial tcp: lookup db: no such host", "unexpected EOF", "value \"EOF\" is not a valid integer",
            "IO Error: looks like DuckDB", "terminating connection due to administrator command"})
    void messageTextAloneNeverCounts(String message) {
        assertThat(SqlErrors.isConnectionFailure(new SQLException(message))).isFalse();
        assertThat(SqlErrors.isConnectionFailure(new SQLException(message, "22P02"))).isFalse();
        assertThat(SqlErrors.isConnectionFailure(new IOException(message))).isFalse();
    }

    @Test
    void ordinaryExceptionsAreNot() {
        assertThat(SqlErrors.isConnectionFailure(new SQLException("no state"))).isFalse();
        assertThat(SqlErrors.isConnectionFailure(new IOException("disk"))).isFalse();
        assertThat(SqlErrors.isConnectionFailure(new IllegalStateException(new SQLException("x", "23505")))).isFalse();
        assertThat(SqlErrors.isConnectionFailure(null)).isFalse();
    }

    @Test
    void cyclicChainsEnd() {
        SQLException a = new SQLException("a", "22P02");
        SQLException b = new SQLException("b", "23505", a);
        a.initCause(b);
        a.setNextException(b);
        assertThat(SqlErrors.isConnectionFailure(a)).isFalse();
        assertThat(SqlErrors.chain(a)).containsExactly(a, b);
        assertThat(SqlErrors.sqlStates(a)).containsExactly("22P02", "23505");
    }
}
