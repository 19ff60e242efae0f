package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 4 item 1 against a real DuckDB: the exceptions DuckDB 1.4 really throws, classified by their
 * error type (the {@code "<Type> Error: "} prefix) or exception type — never by other words.
 */
@Timeout(60)
class DuckDbConnectionClassesTest extends WarehouseTestBase {
    private final DuckDbDialect d = new DuckDbDialect();

    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }

    private Connection second() throws SQLException {
        return JdbcDrivers.connect("jdbc:duckdb:" + DuckDbFixture.get().file(), new Properties());
    }

    /** Another connection's open transaction updated the row: DuckDB's optimistic conflict is CONNECTION, then the write succeeds. */
    @Test
    void transactionConflictWithAnotherWriterIsAConnectionError() throws Exception {
        Warehouse w = warehouse(EVENT_ID);
        w.write(row("events", "e1", str("a", "1")), cache);
        try (Connection other = second()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("UPDATE " + table("events") + " SET a = 'other' WHERE " + EVENT_ID + " = 'e1'");
            }
            Throwable thrown = catchThrowable(() -> w.write(row("events", "e1", str("a", "2")), cache));

            assertThat(thrown).isInstanceOf(WarehouseException.class);
            assertThat(((WarehouseException) thrown).kind()).as(thrown.getMessage()).isEqualTo(WarehouseException.Kind.CONNECTION);
            assertThat(thrown.getCause().getMessage()).startsWith("TransactionContext Error: ");
            other.rollback();
        }
        w.write(row("events", "e1", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("2");
    }

    @Test
    void realDuckDbExceptionsAreClassifiedByErrorType(@TempDir Path dir) throws Exception {
        try (Connection c = second()) {
            // INTERRUPT, thrown as SQLTimeoutException by a query timeout
            SQLException timeout = failing(c, 1, "SELECT count(*) FROM range(100000000000) a");
            assertThat((Throwable) timeout).isInstanceOf(SQLTimeoutException.class);
            assertThat(timeout.getMessage()).startsWith("INTERRUPT Error: ");
            assertThat(d.isConnectionError(timeout)).isTrue();

            // the row's fault: never the connection class, whatever words the message holds
            SQLException conversion = failing(c, 0, "SELECT CAST('IO Error: connection refused, timed out, EOF' AS INTEGER)");
            assertThat(conversion.getMessage()).startsWith("Conversion Error: ");
            assertThat(d.isConnectionError(conversion)).isFalse();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE k (id INTEGER PRIMARY KEY)");
                st.execute("INSERT INTO k VALUES (1)");
            }
            SQLException constraint = failing(c, 0, "INSERT INTO k VALUES (1)");
            assertThat(constraint.getMessage()).startsWith("Constraint Error: ");
            assertThat(d.isConnectionError(constraint)).isFalse();
            SQLException catalog = failing(c, 0, "SELECT * FROM \"IO Error: \"");
            assertThat(catalog.getMessage()).startsWith("Catalog Error: ");
            assertThat(d.isConnectionError(catalog)).isFalse();
        }
        // IO: a file that is not a DuckDB database
        Path notDuckDb = dir.resolve("not.duckdb");
        Files.writeString(notDuckDb, "not a database".repeat(200));
        SQLException io = catchThrowableOfType(SQLException.class,
                () -> JdbcDrivers.connect("jdbc:duckdb:" + notDuckDb, new Properties()).close());
        assertThat(io.getMessage()).startsWith("IO Error: ");
        assertThat(d.isConnectionError(io)).isTrue();
    }

    /** The error of {@code sql} on a statement of its own (DuckDB closes a statement after an error). */
    private static SQLException failing(Connection c, int timeoutSeconds, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            return catchThrowableOfType(SQLException.class, () -> st.execute(sql));
        }
    }
}
