package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which MySQL / MariaDB errors are CONNECTION (the event waits and is retried) and which DATA (the
 * event goes to {@code failed}): by SQLState class, vendor error code and driver exception type,
 * never message text. Real provocations against MariaDB where one can be made here (a lock wait
 * timeout, a killed query, an unknown host), the rest by the codes the servers document.
 */
@Timeout(120)
class MySqlConnectionClassesTest extends WarehouseTestBase {
    private final MySqlDialect dialect = new MySqlDialect();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private Connection locker;

    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    @AfterEach
    void stop() throws SQLException {
        background.shutdownNow();
        if (locker != null) {
            locker.close();
        }
    }

    /** A second session that holds the unique key of event {@code id} in an open transaction. */
    private void lockEventId(String table, String id) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        locker = DriverManager.getConnection("jdbc:mariadb://localhost:" + MySqlFixture.get().port() + "/", p);
        locker.setAutoCommit(false);
        try (Statement st = locker.createStatement()) {
            st.execute("INSERT INTO " + table(table) + " (" + EVENT_ID + ", a) VALUES ('" + id + "', 'locker')");
        }
    }

    @Test
    void lockWaitTimeoutIsAConnectionErrorAndTheWriteSucceedsOnceTheLockIsGone() throws Exception {
        ConnectionSettings quick = database().settings(schema, Map.of("sessionVariables", "innodb_lock_wait_timeout=1"));
        Warehouse w = warehouse(quick);
        w.write(row("events", "e1", str("a", "1")), cache);
        lockEventId("events", "e2");

        WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(codes(e)).contains(1205);

        locker.rollback();
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
    }

    @Test
    void aKilledQueryIsAConnectionError() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        lockEventId("events", "e2");
        Future<WarehouseException> waiting = background.submit(() -> refused(w, row("events", "e2", str("a", "2")), cache));
        long id = awaitWaitingInsert();
        database().execute("KILL QUERY " + id);

        WarehouseException e = waiting.get(30, TimeUnit.SECONDS);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(codes(e)).containsAnyOf(1317, 1927);
        locker.rollback();
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(count("events")).isEqualTo(2);
    }

    @Test
    void anUnknownHostIsAConnectionError() {
        Warehouse w = warehouse(ConnectionSettings.builder("mysql").host("no-such-host.invalid").port(3306)
                .db(schema).schema(schema).username("root").build());

        assertThat(refused(w, row("events", "e1", str("a", "1")), cache).kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
    }

    @Test
    void aValueThatDoesNotFitIsDataNotConnection() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);

        WarehouseException e = refused(w, row("events", "x".repeat(256), str("a", "2")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"events\"").contains(EVENT_ID).doesNotContain("(conn=");
        assertThat(count("events")).isEqualTo(1);
    }

    private long awaitWaitingInsert() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var waiting = database().query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                    + " AND INFO LIKE 'INSERT INTO%'");
            if (!waiting.isEmpty()) {
                return ((Number) waiting.get(0).get("id")).longValue();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the Warehouse's INSERT never waited for the lock");
    }

    private static java.util.List<Integer> codes(Throwable e) {
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        for (Throwable t : io.luden.stream.sinks.jdbc.SqlErrors.chain(e)) {
            if (t instanceof SQLException) {
                codes.add(((SQLException) t).getErrorCode());
            }
        }
        return codes;
    }

    /** Server and client error codes as MySQL 8 / MariaDB send them (SQLState, code). */
    @ParameterizedTest(name = "{2}: {0}/{1}")
    @CsvSource({
            "08004, 1040, too many connections",
            "42000, 1203, too many connections of the user",
            "42000, 1226, user resource limit",
            "08S01, 1053, server shutdown in progress",
            "HY000, 1205, lock wait timeout",
            "40001, 1213, deadlock",
            "70100, 1317, query interrupted",
            "70100, 1927, MariaDB connection killed",
            "70100, 1969, MariaDB max_statement_time",
            "HY000, 3024, MySQL max_execution_time",
            "HY000, 1290, read-only server",
            "25006, 1792, read-only transaction",
            "HY000, 1836, read-only mode",
            "HY000, 1021, disk full",
            "HY000, 1114, table full",
            "HY001, 1041, out of resources",
            "HY000, 4031, idle connection closed by the server",
            "08S01, 1158, network read error",
            "HY000, 2002, cannot connect (socket)",
            "HY000, 2003, cannot connect (TCP)",
            "HY000, 2006, server has gone away",
            "HY000, 2013, lost connection during query",
    })
    void connectionClassCodes(String state, int code, String what) {
        SQLException e = new SQLException(what, state, code);
        assertThat(dialect.isConnectionError(e)).as(what).isTrue();
        // also when the driver wraps it (a batch, a cause chain)
        assertThat(dialect.isConnectionError(new BatchUpdateException("batch", "HY000", 0, new int[0], e))).isTrue();
    }

    @ParameterizedTest(name = "{2}: {0}/{1}")
    @CsvSource({
            "22001, 1406, data too long",
            "22003, 1264, out of range",
            "HY000, 1366, incorrect integer value",
            "22007, 1292, incorrect datetime value",
            "23000, 1048, column cannot be null",
            "23000, 1062, duplicate entry",
            "42S22, 1054, unknown column",
            "42S02, 1146, no such table",
            "42000, 1064, syntax error",
            "42000, 1059, identifier too long",
            "42000, 1118, row size too large",
            "HY000, 1153, packet too large",
            "42000, 1044, database access denied",
    })
    void dataClassCodes(String state, int code, String what) {
        assertThat(dialect.isConnectionError(new SQLException(what, state, code))).as(what).isFalse();
    }

    @Test
    void driverConnectionExceptionTypesAreConnectionErrorsWhateverTheirCode() {
        assertThat(dialect.isConnectionError(new SQLNonTransientConnectionException("closed", "08000", 0))).isTrue();
        assertThat(dialect.isConnectionError(new SQLTransientConnectionException("timeout", null, 0))).isTrue();
        assertThat(dialect.isConnectionError(new SQLSyntaxErrorException("bad", "42000", 1064))).isFalse();
        assertThat(dialect.isConnectionError(new SQLIntegrityConstraintViolationException("dup", "23000", 1062))).isFalse();
    }

    @Test
    void alreadyExistsIsByCode() {
        assertThat(dialect.isAlreadyExists(new SQLException("t", "42S01", 1050))).isTrue();
        assertThat(dialect.isAlreadyExists(new SQLException("c", "42S21", 1060))).isTrue();
        assertThat(dialect.isAlreadyExists(new SQLException("db", "HY000", 1007))).isTrue();
        assertThat(dialect.isAlreadyExists(new SQLException("already exists", "42000", 1064))).isFalse();
    }
}
