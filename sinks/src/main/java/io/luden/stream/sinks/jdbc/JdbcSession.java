package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One lazily opened JDBC connection to a destination's warehouse, in autocommit mode, with the
 * schema prepared once per connection. DDL runs in its own short transaction. Not thread-safe:
 * one session per destination per subtask.
 */
public final class JdbcSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSession.class);

    private final Dialect dialect;
    private final ConnectionSettings settings;
    private final String schema;
    private Connection connection;
    /** Prepared single-row INSERTs of {@link #statementsOf}, most recently used last. */
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true);
    private Connection statementsOf;

    /** Prepared statements kept per connection: a destination's tables × their column sets in use. */
    static final int MAX_PREPARED = 64;

    public JdbcSession(Dialect dialect, ConnectionSettings settings) {
        this.dialect = dialect;
        this.settings = settings;
        this.schema = settings.schema() == null || settings.schema().isBlank() ? dialect.defaultSchema() : settings.schema();
        dialect.jdbcUrl(settings); // a settings mistake fails when the destination is set up, not on its first event
    }

    /** The schema tables are written to. */
    public String schema() {
        return schema;
    }

    /**
     * The open connection, connecting first when needed (also when the one held was closed under
     * it); any failure to connect is a CONNECTION failure.
     */
    public Connection connection() throws WarehouseException {
        if (connection != null) {
            if (!isClosed(connection)) {
                return connection;
            }
            // DuckDB's "Connection was closed" has no SQLState or error type: used, it would read as the row's fault
            LOG.info("the connection to {} was closed, reconnecting", settings);
            connection = null;
        }
        Connection c = null;
        try {
            dialect.beforeConnect(settings);
            c = JdbcDrivers.connect(dialect.jdbcUrl(settings), dialect.connectionProperties(settings));
            c.setAutoCommit(true);
            connection = c;
            for (String sql : dialect.prepareSchema(schema)) {
                prepare(sql);
            }
            LOG.info("connected to {}", settings);
            return c;
        } catch (WarehouseException e) {
            close();
            throw e;
        } catch (SQLException e) {
            close();
            closeQuietly(c);
            // wrong password, missing database, no driver: never the event's fault, so retry it later
            throw new WarehouseException(WarehouseException.Kind.CONNECTION,
                    "cannot connect to " + settings + ": " + SqlErrors.message(e), e);
        }
    }

    private void prepare(String sql) throws SQLException, WarehouseException {
        try {
            ddl(sql);
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw e;
            }
            // e.g. no CREATE privilege on a schema that exists: the CREATE TABLE will say if it does not
            LOG.warn("{} failed on {}, going on: {}", sql, settings, SqlErrors.message(e));
        }
    }

    /** The table as the warehouse has it now, or null when absent. */
    public TableSchema readSchema(String table) throws SQLException, WarehouseException {
        return dialect.readSchema(connection(), schema, table);
    }

    /** Work done on the session's connection inside {@link #transaction}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on the open connection and commits; when it throws (or the
     * commit does), rolls back and rethrows. Either way the connection is back in autocommit after.
     * Inside a transaction already (not autocommit), runs {@code work} in the caller's transaction,
     * which commits or rolls back itself.
     */
    public <T> T transaction(Work<T> work) throws SQLException, WarehouseException {
        Connection c = connection();
        if (!c.getAutoCommit()) {
            return work.run(c);
        }
        boolean committed = false;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
            restoreAutoCommit(c);
        }
    }

    /**
     * Runs one DDL statement in its own transaction after the dialect's preamble (lock timeout), then its epilogue.
     * Returns false when it lost a race to another writer ("already exists"), which is success.
     */
    public boolean ddl(String sql) throws SQLException, WarehouseException {
        try {
            return transaction(c -> {
                try (Statement st = c.createStatement()) {
                    for (String pre : dialect.ddlPreamble()) {
                        st.execute(pre);
                    }
                    LOG.debug("DDL: {}", sql);
                    st.execute(sql);
                }
                return true;
            });
        } catch (SQLException e) {
            if (dialect.isAlreadyExists(e)) {
                LOG.info("another writer was first, going on: {} ({})", sql, SqlErrors.message(e));
                return false;
            }
            throw e;
        } finally {
            endDdl();
        }
    }

    /** The dialect's {@link Dialect#ddlEpilogue} after the DDL transaction, whatever its end; failures only logged. */
    private void endDdl() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        for (String post : dialect.ddlEpilogue()) {
            try (Statement st = c.createStatement()) {
                st.execute(post);
            } catch (SQLException e) {
                LOG.warn("{} after DDL failed on {}: {}", post, settings, SqlErrors.message(e));
            }
        }
    }

    /** {@link Connection#isClosed} (a local flag in pgjdbc and DuckDB, no round trip); a failing check counts as closed. */
    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // a broken connection: the caller's error says why, and a connection-class one closes it
        }
    }

    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException ignored) {
            // broken connection: it is closed on the next connection-class error
        }
    }

    /**
     * A prepared statement for {@code sql} on the open connection, kept for the next call with the
     * same SQL (preparing costs a round trip on PostgreSQL and milliseconds on DuckDB); a caller whose
     * execution fails calls {@link #forget}.
     */
    public PreparedStatement prepared(String sql) throws SQLException, WarehouseException {
        Connection c = connection();
        if (statementsOf != c) {
            closeStatements();
            statementsOf = c;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
            if (statements.size() > MAX_PREPARED) {
                var eldest = statements.entrySet().iterator();
                closeQuietly(eldest.next().getValue());
                eldest.remove();
            }
        }
        return ps;
    }

    /** Drops the kept statement for {@code sql} (after it failed: it may be unusable). */
    public void forget(String sql) {
        closeQuietly(statements.remove(sql));
    }

    private void closeStatements() {
        statements.values().forEach(JdbcSession::closeQuietly);
        statements.clear();
        statementsOf = null;
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps == null) {
            return;
        }
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a prepared statement failed", e);
        }
    }

    /** Closes the connection; the next call reconnects. */
    @Override
    public void close() {
        closeStatements();
        Connection c = connection;
        connection = null;
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a broken connection failed", e);
        }
    }
}
