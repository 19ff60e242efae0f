package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 4 item 1 against a real PostgreSQL: each SQLState of the connection class is provoked for a
 * Warehouse write, which must be a CONNECTION error (the event waits and is retried), never DATA, and
 * the write must succeed once the cause is gone. Without the classification each of these writes would
 * be retried once and then reported as DATA (the event sent to {@code failed}).
 */
@Timeout(120)
class PostgresConnectionClassesTest extends WarehouseTestBase {
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Connection locker;

    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }

    @AfterEach
    void stop() throws SQLException {
        background.shutdownNow();
        if (locker != null) {
            locker.close();
        }
    }

    /** The fixture's settings with libpq-style {@code options} for the Warehouse's sessions. */
    private ConnectionSettings withOptions(String options) {
        return ConnectionSettings.builder("postgres").host("localhost").port(PostgresFixture.get().port())
                .db("postgres").username("postgres").password("postgres").schema(schema)
                .parameters(Map.of("options", options)).build();
    }

    /** A second session (not named luden-stream) that holds locks in an open transaction. */
    private Connection locker() throws SQLException {
        PostgresDialect d = new PostgresDialect();
        Properties p = d.connectionProperties(settings());
        p.setProperty("ApplicationName", "luden-test-locker");
        locker = JdbcDrivers.connect(d.jdbcUrl(settings()), p);
        locker.setAutoCommit(false);
        return locker;
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Pid of the Warehouse session once it waits for a lock on a table of this test's schema. */
    private int awaitWarehouseWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> r = database().query("SELECT pid FROM pg_stat_activity"
                    + " WHERE application_name = 'luden-stream' AND wait_event_type = 'Lock'"
                    + " AND position(? in query) > 0", schema);
            if (!r.isEmpty()) {
                return ((Number) r.get(0).get("pid")).intValue();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the Warehouse never waited for the lock");
    }

    private static WarehouseException connectionError(Throwable thrown, String sqlState) {
        assertThat(thrown).isInstanceOf(WarehouseException.class);
        WarehouseException e = (WarehouseException) thrown;
        assertThat(e.kind()).as("%s", e.getMessage()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(SqlErrors.sqlStates(e)).as("%s", e.getMessage()).contains(sqlState);
        return e;
    }

    private WarehouseException writeInBackgroundFailing(Warehouse w, String eventId, String a, Runnable whileWaiting)
            throws Exception {
        CompletableFuture<Throwable> write = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> w.write(row("events", eventId, str("a", a)), cache)), background);
        whileWaiting.run();
        Throwable thrown = write.get(60, TimeUnit.SECONDS);
        assertThat(thrown).as("the write must fail").isNotNull();
        return (WarehouseException) thrown;
    }

    /** 40001: this write's SERIALIZABLE snapshot predates a concurrent SERIALIZABLE update of the same row. */
    @Test
    void serializationFailureIsAConnectionError() throws Exception {
        Warehouse w = warehouse(withOptions("-c default_transaction_isolation=serializable"), EVENT_ID);
        w.write(row("events", "e1", str("a", "1")), cache);
        Connection other = locker();
        other.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        run(other, "UPDATE " + table("events") + " SET a = 'other' WHERE " + EVENT_ID + " = 'e1'");

        WarehouseException e = writeInBackgroundFailing(w, "e1", "2", () -> {
            try {
                awaitWarehouseWaitingForALock(); // the upsert's snapshot is taken, it waits for the row
                other.commit();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });

        connectionError(e, "40001");
        w.write(row("events", "e1", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("2");
    }

    /** 40P01: the Warehouse waits for a row the other session holds, which then waits for the Warehouse's table lock. */
    @Test
    void deadlockIsAConnectionError() throws Exception {
        // the Warehouse checks for the deadlock first, so it is the victim
        Warehouse w = warehouse(withOptions("-c deadlock_timeout=1500ms"), EVENT_ID);
        w.write(row("events", "e1", str("a", "1")), cache);
        Connection other = locker();
        run(other, "SET LOCAL deadlock_timeout = '60s'");
        run(other, "UPDATE " + table("events") + " SET a = 'other' WHERE " + EVENT_ID + " = 'e1'");

        WarehouseException e = writeInBackgroundFailing(w, "e1", "2", () -> {
            try {
                awaitWarehouseWaitingForALock();
                run(other, "LOCK TABLE " + table("events") + " IN ACCESS EXCLUSIVE MODE"); // granted once the victim rolls back
                other.rollback();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });

        connectionError(e, "40P01");
        w.write(row("events", "e1", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("2");
    }

    /** 57014: statement_timeout (set through the datasource's {@code parameters: {options: …}}) cancels a blocked INSERT. */
    @Test
    void statementTimeoutIsAConnectionError() throws Exception {
        Warehouse w = warehouse(withOptions("-c statement_timeout=500"));
        w.write(row("events", "e1", str("a", "1")), cache);
        run(locker(), "LOCK TABLE " + table("events") + " IN ACCESS EXCLUSIVE MODE");

        long start = System.nanoTime();
        connectionError(catchThrowable(() -> w.write(row("events", "e2", str("a", "2")), cache)), "57014");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);

        locker.rollback();
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(count("events")).isEqualTo(2);
    }

    /** 55P03: lock_timeout on the INSERT itself (DDL has its own, see PostgresDdlLockTimeoutTest). */
    @Test
    void lockTimeoutIsAConnectionError() throws Exception {
        Warehouse w = warehouse(withOptions("-c lock_timeout=300"));
        w.write(row("events", "e1", str("a", "1")), cache);
        run(locker(), "LOCK TABLE " + table("events") + " IN ACCESS EXCLUSIVE MODE");

        connectionError(catchThrowable(() -> w.write(row("events", "e2", str("a", "2")), cache)), "55P03");

        locker.rollback();
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(count("events")).isEqualTo(2);
    }

    /** 57P01: the backend is terminated (pg_terminate_backend) while the INSERT runs; the next write reconnects. */
    @Test
    void terminatedBackendIsAConnectionErrorAndTheNextWriteReconnects() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        run(locker(), "LOCK TABLE " + table("events") + " IN ACCESS EXCLUSIVE MODE");

        WarehouseException e = writeInBackgroundFailing(w, "e2", "2", () -> {
            try {
                int pid = awaitWarehouseWaitingForALock();
                database().query("SELECT pg_terminate_backend(?) AS killed", pid);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });

        connectionError(e, "57P01");
        locker.rollback();
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(count("events")).isEqualTo(2);
    }

    /** 25006: the database turned read-only (ALTER DATABASE … SET default_transaction_read_only, as after a fail-over). */
    @Test
    void readOnlyDatabaseIsAConnectionErrorUntilItIsWritableAgain() throws Exception {
        String db = "ro_" + UUID.randomUUID().toString().substring(0, 8);
        exec("CREATE DATABASE " + db);
        try {
            ConnectionSettings s = ConnectionSettings.builder("postgres").host("localhost")
                    .port(PostgresFixture.get().port()).db(db).username("postgres").password("postgres")
                    .schema(schema).build();
            try (Warehouse first = new Warehouse(s, List.of())) {
                first.write(row("events", "e1", str("a", "1")), cache);
            }
            exec("ALTER DATABASE " + db + " SET default_transaction_read_only = on");

            Warehouse w = track(new Warehouse(s, List.of())); // a new session, as after a fail-over
            WarehouseException e = connectionError(
                    catchThrowable(() -> w.write(row("events", "e2", str("a", "2")), cache)), "25006");
            assertThat(e.getMessage()).contains("read-only");
            connectionError(catchThrowable(() -> w.write(row("events", "e2", str("a", "2")), cache)), "25006");

            exec("ALTER DATABASE " + db + " RESET default_transaction_read_only");
            w.write(row("events", "e2", str("a", "2")), cache);
            w.close();
        } finally {
            exec("DROP DATABASE " + db + " WITH (FORCE)");
        }
    }

    /** 53300 and 08001 as pgjdbc really reports them: a role over its connection limit, a port nobody listens on. */
    @Test
    void realConnectFailuresAreInTheConnectionClass() throws Exception {
        String role = "lim_" + UUID.randomUUID().toString().substring(0, 8);
        exec("CREATE ROLE " + role + " LOGIN PASSWORD 'pw' CONNECTION LIMIT 0");
        try {
            ConnectionSettings s = ConnectionSettings.builder("postgres").host("localhost")
                    .port(PostgresFixture.get().port()).db("postgres").username(role).password("pw")
                    .schema(schema).build();
            PostgresDialect d = new PostgresDialect();
            SQLException tooMany = catchSqlException(() -> JdbcDrivers.connect(d.jdbcUrl(s), d.connectionProperties(s)));
            assertThat(tooMany.getSQLState()).isEqualTo("53300");
            assertThat(d.isConnectionError(tooMany)).isTrue();
            connectionError(catchThrowable(() -> warehouse(s).write(row("events", "e1", str("a", "1")), cache)), "53300");
        } finally {
            exec("DROP ROLE " + role);
        }

        PostgresDialect d = new PostgresDialect();
        ConnectionSettings nobody = ConnectionSettings.builder("postgres").host("localhost").port(1).db("postgres")
                .username("postgres").schema(schema).build();
        SQLException refused = catchSqlException(() -> JdbcDrivers.connect(d.jdbcUrl(nobody), d.connectionProperties(nobody)));
        assertThat(refused.getSQLState()).startsWith("08");
        assertThat(SqlErrors.chain(refused)).anyMatch(t -> t instanceof ConnectException);
        assertThat(d.isConnectionError(refused)).isTrue();
    }

    private interface SqlAction {
        Object run() throws SQLException;
    }

    private static SQLException catchSqlException(SqlAction action) {
        try {
            Object c = action.run();
            if (c instanceof AutoCloseable) {
                ((AutoCloseable) c).close();
            }
        } catch (SQLException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an SQLException", e);
        }
        throw new AssertionError("expected an SQLException");
    }
}
