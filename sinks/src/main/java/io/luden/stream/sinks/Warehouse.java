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
public final class Warehouse implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

    private final Dialect dialect;
    private final ConnectionSettings settings;
    private final JdbcSession session;
    private final TablePatcher patcher;
    private final RowInserter inserter;
    private final int maxColumns;

    /**
     * {@code data_layout.max_columns} default: Jitsu 1.x's threshold (it only logged a warning past it;
     * here a row that would take a table past it fails as DATA).
     */
    public static final int DEFAULT_MAX_COLUMNS = 1000;

    /** {@link #Warehouse(ConnectionSettings, List, int)} with {@link #DEFAULT_MAX_COLUMNS}. */
    public Warehouse(ConnectionSettings settings, List<String> primaryKeyFields) {
        this(settings, primaryKeyFields, DEFAULT_MAX_COLUMNS);
    }

    /**
     * @param primaryKeyFields the destination's {@code primary_key_fields} (empty: none)
     * @param maxColumns the destination's {@code data_layout.max_columns} (≥ 1): the most columns a table
     *        may get by CREATE / ADD COLUMN; a row that would go past it fails as DATA and nothing is
     *        created or altered (tables already wider keep taking rows that add no column)
     * @throws IllegalArgumentException when the settings name no known type or cannot work, or
     *         {@code maxColumns} is below 1
     */
    public Warehouse(ConnectionSettings settings, List<String> primaryKeyFields, int maxColumns) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (maxColumns < 1) {
            throw new IllegalArgumentException("max_columns must be at least 1, got " + maxColumns);
        }
        this.dialect = Dialects.forType(settings.type());
        this.maxColumns = maxColumns;
        List<String> pk = primaryKeyFields == null ? List.of() : List.copyOf(primaryKeyFields);
        this.session = new JdbcSession(dialect, settings);
        this.patcher = new TablePatcher(session, dialect, pk, maxColumns);
        this.inserter = new RowInserter(session, dialect, pk);
    }

    /** The most columns a table may get ({@code data_layout.max_columns}). */
    public int maxColumns() {
        return maxColumns;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public int maxIdentifierLength() {
        return dialect.maxColumnNameLength();
    }

    /**
     * The {@link BatchWriter} contract: each row as by {@link #write(Row, SchemaCache)}; once one row
     * meets a connection-class error, the rest are not tried (they would meet it too) and are RETRY.
     */
    @Override
    public List<RowResult> write(String table, List<Row> rows, SchemaCache cache) {
        List<RowResult> results = new java.util.ArrayList<>(rows.size());
        String unreachable = null;
        for (Row row : rows) {
            if (unreachable != null) {
                results.add(RowResult.retry(unreachable));
                continue;
            }
            try {
                write(row, cache);
                results.add(RowResult.written());
            } catch (WarehouseException e) {
                if (e.isConnection()) {
                    unreachable = e.getMessage();
                }
                results.add(RowResult.of(e));
            }
        }
        return results;
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
