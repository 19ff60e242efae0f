package io.luden.stream.sinks;

import io.luden.stream.sinks.jdbc.JdbcSession;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.jdbc.TablePatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * One destination's warehouse, as seen by one Flink subtask: SPEC §1 steps 5–8 for each row.
 * Connects lazily and reconnects after a connection-class failure. Not thread-safe.
 *
 * <p>Outcome of {@link #write}: returns → the row is in the table (or was already, by its key);
 * {@link WarehouseException.Kind#CONNECTION} → retry the event later; {@link WarehouseException.Kind#DATA}
 * → the event goes to {@code failed}.
 */
public final class Warehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

    private final Dialect dialect;
    private final ConnectionSettings settings;
    private final JdbcSession session;
    private final TablePatcher patcher;
    private final RowInserter inserter;

    /**
     * @param primaryKeyFields the destination's {@code primary_key_fields} (empty: none); an
     *        {@link IllegalArgumentException} when the settings name no known type or cannot work
     */
    public Warehouse(ConnectionSettings settings, List<String> primaryKeyFields) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = Dialects.forType(settings.type());
        List<String> pk = primaryKeyFields == null ? List.of() : List.copyOf(primaryKeyFields);
        this.session = new JdbcSession(dialect, settings);
        this.patcher = new TablePatcher(session, dialect, pk);
        this.inserter = new RowInserter(session, dialect, pk);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The schema tables go to (the datasource's, else the dialect's default). */
    public String schema() {
        return session.schema();
    }

    /**
     * Writes one row: schema from {@code cache} (else the warehouse), CREATE / ADD COLUMN for what is
     * missing, exact value conversion, INSERT (upsert / do-nothing by the table's key). Any failure
     * but a connection one is retried once against a freshly read schema.
     */
    public void write(Row row, SchemaCache cache) throws WarehouseException {
        String table = row.table();
        Exception first;
        try {
            attempt(row, cache, false);
            return;
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw connectionLost(table, e);
            }
            first = e;
        } catch (WarehouseException e) {
            if (e.isConnection()) {
                session.close();
                throw e;
            }
            first = e;
        }
        LOG.debug("write to {} failed, retrying with the schema from the warehouse: {}", table, first.getMessage());
        try {
            cache.remove(table);
        } catch (Exception e) {
            throw new IllegalStateException("removing the cached schema of table " + table + " failed", e);
        }
        try {
            attempt(row, cache, true);
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw connectionLost(table, e);
            }
            throw new WarehouseException(WarehouseException.Kind.DATA,
                    "table \"" + table + "\": " + SqlErrors.message(e), e);
        } catch (WarehouseException e) {
            if (e.isConnection()) {
                session.close();
            }
            throw e;
        }
    }

    private void attempt(Row row, SchemaCache cache, boolean fresh) throws SQLException, WarehouseException {
        if (row.fields().isEmpty()) {
            throw WarehouseException.data("row for table \"" + row.table() + "\" has no columns");
        }
        TableSchema schema = patcher.ensure(row.table(), row.fields(), cache, fresh);
        inserter.insert(schema, row);
    }

    private WarehouseException connectionLost(String table, SQLException e) {
        session.close(); // the next write reconnects
        return new WarehouseException(WarehouseException.Kind.CONNECTION,
                "writing to table \"" + table + "\" on " + settings + " failed: " + SqlErrors.message(e), e);
    }

    @Override
    public void close() {
        session.close();
    }
}
