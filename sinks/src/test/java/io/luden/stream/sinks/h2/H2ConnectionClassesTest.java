package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.H2Fixture;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 9: H2's errors classified by vendor code and exception type, never by message text. The
 * errors a test can make a real H2 2.0.206 server throw are made here; the rest (disk, corruption,
 * shutdown) are H2's own exception objects for those codes, as its driver builds them.
 */
@Timeout(120)
class H2ConnectionClassesTest extends WarehouseTestBase {
    private final H2Dialect d = new GuinsooDialect();

    @Override
    protected DatabaseFixture database() {
        return H2Fixture.get();
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new org.h2.Driver().connect(url, p);
    }

    private SQLException fails(Connection c, String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
        assertThat((Throwable) e).as("%s must fail", sql).isNotNull();
        return e;
    }

    @Test
    void nobodyListeningIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SQLException e = catchThrowableOfType(SQLException.class,
                () -> connect("jdbc:h2:tcp://127.0.0.1:" + port + "/x", "sa", ""));

        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.CONNECTION_BROKEN_1);
        assertThat(d.isConnectionError(e)).isTrue();
    }

    @Test
    void serverGoneUnderAnOpenConnectionIsAConnectionError(@TempDir Path dir) throws Exception {
        Server server = H2Fixture.startServer(dir, 0);
        Connection c = connect("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/gone", "sa", "");
        server.stop();

        SQLException e = fails(c, "SELECT 1");

        assertThat(e.getErrorCode()).isEqualTo(ErrorCode.CONNECTION_BROKEN_1);
        assertThat(d.isConnectionError(e)).isTrue();
        assertThat(d.isAlreadyExists(e)).isFalse();
    }

    /** Another session holds the row past the lock timeout (50200, SQLState HYT00): retry later; once released, written. */
    @Test
    void lockTimeoutIsAConnectionErrorAndTheRowIsWrittenOnceTheLockIsGone() throws Exception {
        Warehouse w = warehouse(database().settings(schema, Map.of("LOCK_TIMEOUT", "200")), "id");
        w.write(row("users", "e1", integer("id", 1), str("name", "first")), cache);
        try (Connection other = connect("jdbc:h2:tcp://127.0.0.1:" + H2Fixture.get().port() + "/" + H2Fixture.DB,
                H2Fixture.USER, H2Fixture.PASSWORD)) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("UPDATE " + table("users") + " SET \"name\" = 'other' WHERE \"id\" = 1");
            }
            WarehouseException e = refused(w, row("users", "e2", integer("id", 1), str("name", "second")), cache);

            assertThat(e.kind()).as(e.getMessage()).isEqualTo(WarehouseException.Kind.CONNECTION);
            assertThat(((SQLException) e.getCause()).getErrorCode()).isEqualTo(ErrorCode.LOCK_TIMEOUT_1);
            assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("HYT00");
            other.rollback();
        }
        w.write(row("users", "e2", integer("id", 1), str("name", "second")), cache);
        assertThat(rows("users", "id")).singleElement().satisfies(r -> assertThat(r).containsEntry("name", "second"));
    }

    @Test
    void aStatementTimeoutIsAConnectionError() throws Exception {
        try (Statement st = database().connection().createStatement()) {
            st.setQueryTimeout(1);
            SQLException e = catchThrowableOfType(SQLException.class, () -> st.executeQuery(
                    "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b"));

            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.STATEMENT_WAS_CANCELED);
            assertThat(d.isConnectionError(e)).isTrue();
        }
    }

    @Test
    void dataErrorsOfARealServerAreNotConnectionErrors() throws Exception {
        Connection c = database().connection();
        exec("CREATE SCHEMA " + d.quote(schema));
        String t = table("t");
        exec("CREATE TABLE " + t + " (\"n\" BIGINT NOT NULL, \"s\" CHARACTER VARYING(3), \"k\" INT UNIQUE)");
        exec("INSERT INTO " + t + " VALUES (1, 'a', 1)");

        for (SQLException e : new SQLException[] {
                fails(c, "INSERT INTO " + t + " (\"n\") VALUES ('abc')"),           // 22018 conversion
                fails(c, "INSERT INTO " + t + " (\"n\", \"s\") VALUES (2, 'long')"),  // 22001 value too long
                fails(c, "INSERT INTO " + t + " (\"s\") VALUES ('x')"),              // 23502 NOT NULL
                fails(c, "INSERT INTO " + t + " VALUES (3, 'b', 1)"),               // 23505 duplicate key
                fails(c, "INSERT INTO " + table("absent") + " VALUES (1)"),          // 42102 no such table
                fails(c, "SELECT \"nope\" FROM " + t)}) {                           // 42122 no such column
            assertThat(d.isConnectionError(e)).as("%s (%s)", e.getMessage(), e.getErrorCode()).isFalse();
            assertThat(d.isAlreadyExists(e)).isFalse();
        }
        assertThat(d.isConstraintViolation(fails(c, "INSERT INTO " + t + " VALUES (3, 'b', 1)"))).isTrue();
        assertThat(d.isConstraintViolation(fails(c, "INSERT INTO " + t + " (\"s\") VALUES ('x')"))).isFalse();
    }

    @Test
    void alreadyExistsByCodeNotByState() throws Exception {
        Connection c = database().connection();
        exec("CREATE SCHEMA " + d.quote(schema));
        exec("CREATE TABLE " + table("t") + " (\"a\" INT)");

        SQLException table = fails(c, "CREATE TABLE " + table("t") + " (\"a\" INT)");
        SQLException column = fails(c, "ALTER TABLE " + table("t") + " ADD COLUMN \"a\" INT");
        assertThat(table.getSQLState()).isEqualTo("42S01");
        assertThat(column.getSQLState()).isEqualTo("42S21");
        assertThat(d.isAlreadyExists(table)).isTrue();
        assertThat(d.isAlreadyExists(column)).isTrue();
        assertThat(d.isAlreadyExists(fails(c, "CREATE SCHEMA " + d.quote(schema)))).isTrue();
        assertThat(d.isConnectionError(table)).isFalse();
    }

    @Test
    void serverSideFailuresAreConnectionErrors() {
        for (int code : new int[] {ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2, ErrorCode.DATABASE_IS_CLOSED,
                ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_IS_IN_EXCLUSIVE_MODE,
                ErrorCode.DATABASE_ALREADY_OPEN_1, ErrorCode.FILE_CORRUPTED_1, ErrorCode.OUT_OF_MEMORY,
                H2Errors.NO_DISK_SPACE_AVAILABLE, ErrorCode.CONCURRENT_UPDATE_1, ErrorCode.DEADLOCK_1}) {
            SQLException e = DbException.get(code, "x", "y").getSQLException();
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(d.isConnectionError(e)).as("code %s", code).isTrue();
            // wrapped by a caller, still found in the chain
            assertThat(d.isConnectionError(new SQLException("wrapped", "HY000", e))).as("wrapped %s", code).isTrue();
        }
    }

    @Test
    void vendorCodesCountOnlyOnH2sOwnExceptions() {
        SQLException foreign = new SQLException("another driver's error", "HY000", ErrorCode.CONNECTION_BROKEN_1);
        assertThat(d.isConnectionError(foreign)).isFalse();
        assertThat(d.isAlreadyExists(new SQLException("x", "HY000", ErrorCode.TABLE_OR_VIEW_ALREADY_EXISTS_1))).isFalse();
        // a message full of connection words is still a data error
        SQLException data = DbException.get(ErrorCode.DATA_CONVERSION_ERROR_1,
                "connection refused; connection reset by peer; timed out; EOF").getSQLException();
        assertThat(d.isConnectionError(data)).isFalse();
    }

    /**
     * DDL runs in exclusive mode, which needs ADMIN: a user without it gets H2's 90040 on a CREATE (a
     * DATA refusal naming the table, the event to {@code failed}, never a retry loop) and still loads
     * into a table that has every column.
     */
    @Test
    void aUserWithoutAdminRightsCannotCreateButLoadsIntoExistingTables() throws Exception {
        String user = "writer_" + schema.replaceAll("[^A-Za-z0-9]", "_");
        exec("CREATE SCHEMA " + d.quote(schema));
        exec("CREATE USER " + d.quote(user) + " PASSWORD 'pw'");
        exec("GRANT ALTER ANY SCHEMA TO " + d.quote(user));
        exec("CREATE TABLE " + table("ready") + " (\"a\" CHARACTER VARYING, \"eventn_ctx_event_id\" CHARACTER VARYING UNIQUE)");
        exec("GRANT SELECT, INSERT, UPDATE ON " + table("ready") + " TO " + d.quote(user));
        io.luden.stream.sinks.ConnectionSettings s = io.luden.stream.sinks.ConnectionSettings.builder("guinsoo")
                .host("127.0.0.1").port(H2Fixture.get().port()).db(H2Fixture.DB).username(user).password("pw")
                .schema(schema).build();
        Warehouse w = warehouse(s);

        WarehouseException e = refused(w, row("fresh", "e1", str("a", "x")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"fresh\"");
        assertThat(anyCode(e, ErrorCode.ADMIN_RIGHTS_REQUIRED)).as(e.getMessage()).isTrue();

        w.write(row("ready", "e1", str("a", "x")), cache);
        w.write(row("ready", "e1", str("a", "again")), cache);
        assertThat(rows("ready", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("a", "x"));
    }

    private static boolean anyCode(Throwable e, int code) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && ((SQLException) t).getErrorCode() == code) {
                return true;
            }
        }
        return false;
    }
}
