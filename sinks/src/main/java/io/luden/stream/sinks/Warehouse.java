package io.luden.stream.sinks;

import io.luden.stream.sinks.jdbc.BatchInserter;
import io.luden.stream.sinks.jdbc.JdbcSession;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.jdbc.TablePatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
    private final BatchInserter batchInserter;
    private final int maxColumns;
    /** {@link Dialect#writeLock}: null when the database needs none. */
    private final java.util.concurrent.locks.Lock writeLock;

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
        this.dialect = Dialects.forType(settings.type()).configure(settings);
        this.maxColumns = maxColumns;
        List<String> pk = primaryKeyFields == null ? List.of() : List.copyOf(primaryKeyFields);
        this.session = new JdbcSession(dialect, settings);
        this.patcher = new TablePatcher(session, dialect, pk, maxColumns);
        this.inserter = new RowInserter(session, dialect, pk);
        this.batchInserter = new BatchInserter(session, dialect, inserter);
        this.writeLock = dialect.writeLock(settings);
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
     * The {@link BatchWriter} contract, with the outcome per row that {@link #write(Row, SchemaCache)}
     * gives it, but one patch and one transaction for the batch:
     * <ol>
     *   <li>the table is patched once for the union of the rows' columns (a new column takes the type
     *       of the first row that has it, as one by one); the row that finds the table missing creates
     *       it from its own columns first, as one by one;</li>
     *   <li>each row's values are converted exactly (a row that does not convert fails alone);</li>
     *   <li>the rest go in one transaction through the dialect's bulk path ({@link BatchInserter});</li>
     *   <li>rows that failed are tried once more against a freshly read schema, this time with the bad
     *       rows isolated down to their own single-row INSERT: only they are REFUSED, with the reason
     *       {@code write(Row)} gives them.</li>
     * </ol>
     * A connection-class error anywhere rolls back, closes the session (the next write reconnects) and
     * makes every row of the batch RETRY. A batch of one row is exactly {@code write(Row)}.
     */
    @Override
    public List<RowResult> write(String table, List<Row> rows, SchemaCache cache) {
        if (writeLock == null) {
            return writeBatch(table, rows, cache);
        }
        writeLock.lock();
        try {
            return writeBatch(table, rows, cache);
        } finally {
            writeLock.unlock();
        }
    }

    private List<RowResult> writeBatch(String table, List<Row> rows, SchemaCache cache) {
        if (rows.size() == 1) {
            try {
                writeRow(rows.get(0), cache);
                return List.of(RowResult.written());
            } catch (WarehouseException e) {
                return List.of(RowResult.of(e));
            }
        }
        List<RowResult> results = new ArrayList<>(rows.size());
        try {
            List<Integer> all = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                all.add(i);
            }
            Map<Integer, Exception> failed = pass(table, rows, all, cache, false);
            if (!failed.isEmpty()) {
                LOG.debug("{} of {} rows for {} failed, retrying them with the schema from the warehouse: {}",
                        failed.size(), rows.size(), table, failed.values().iterator().next().getMessage());
                try {
                    cache.remove(table);
                } catch (Exception e) {
                    throw new IllegalStateException("removing the cached schema of table " + table + " failed", e);
                }
                failed = pass(table, rows, new ArrayList<>(failed.keySet()), cache, true);
            }
            for (int i = 0; i < rows.size(); i++) {
                Exception e = failed.get(i);
                results.add(e == null ? RowResult.written() : RowResult.refused(refusal(table, e)));
            }
            return results;
        } catch (SQLException e) {
            return allRetry(rows, connectionLost(table, e).getMessage());
        } catch (WarehouseException e) { // CONNECTION: a pass lets only those out
            session.close();
            return allRetry(rows, e.getMessage());
        }
    }

    private static List<RowResult> allRetry(List<Row> rows, String message) {
        List<RowResult> results = new ArrayList<>(rows.size());
        RowResult retry = RowResult.retry(message);
        rows.forEach(r -> results.add(retry));
        return results;
    }

    /** The reason a row is refused for, worded as {@link #write(Row, SchemaCache)} words it. */
    private String refusal(String table, Exception e) {
        return e instanceof SQLException ? "table \"" + table + "\": " + dialect.errorMessage((SQLException) e) : e.getMessage();
    }

    /**
     * One try of the rows {@code indices} (in order) of {@code rows}: patch, convert, write. Returns the
     * rows that failed (index → DATA {@link WarehouseException} or non-connection {@link SQLException}).
     * With {@code fresh} the cached schema is not used and refused bulk writes are isolated to the bad rows.
     *
     * @throws SQLException a connection-class error
     * @throws WarehouseException only of kind CONNECTION
     */
    private Map<Integer, Exception> pass(String table, List<Row> rows, List<Integer> indices, SchemaCache cache,
                                         boolean fresh) throws SQLException, WarehouseException {
        Map<Integer, Exception> failures = new TreeMap<>();
        List<Integer> live = new ArrayList<>(indices.size());
        for (int i : indices) {
            if (rows.get(i).fields().isEmpty()) {
                failures.put(i, WarehouseException.data("row for table \"" + table + "\" has no columns"));
            } else {
                live.add(i);
            }
        }
        // the first row that patches alone: it creates a missing table from its own columns, as one by one
        TableSchema schema = null;
        int next = 0;
        while (schema == null && next < live.size()) {
            int i = live.get(next++);
            try {
                schema = patcher.ensure(table, rows.get(i).fields(), cache, fresh);
            } catch (SQLException | WarehouseException e) {
                failures.put(i, dataOrThrow(e));
            }
        }
        List<Integer> patched = new ArrayList<>(live.size());
        if (schema != null) {
            patched.add(live.get(next - 1));
        }
        List<Integer> rest = live.subList(next, live.size());
        if (!rest.isEmpty()) {
            try {
                schema = patcher.ensure(table, union(rows, rest), cache, false);
                patched.addAll(rest);
            } catch (SQLException | WarehouseException e) {
                dataOrThrow(e);
                // some row cannot be patched (max_columns, a bad explicit type): row by row, as one by one
                for (int i : rest) {
                    try {
                        schema = patcher.ensure(table, rows.get(i).fields(), cache, fresh);
                        patched.add(i);
                    } catch (SQLException | WarehouseException e2) {
                        failures.put(i, dataOrThrow(e2));
                    }
                }
            }
        }
        List<Integer> prepared = new ArrayList<>(patched.size());
        List<RowInserter.Prepared> statements = new ArrayList<>(patched.size());
        for (int i : patched) {
            try {
                statements.add(inserter.prepare(schema, rows.get(i)));
                prepared.add(i);
            } catch (WarehouseException e) {
                failures.put(i, dataOrThrow(e));
            }
        }
        if (!statements.isEmpty()) {
            Exception[] written = batchInserter.write(statements, fresh);
            for (int k = 0; k < written.length; k++) {
                if (written[k] != null) {
                    failures.put(prepared.get(k), written[k]);
                }
            }
        }
        return failures;
    }

    /** {@code e} when it is a data failure; a connection-class one is thrown. */
    private Exception dataOrThrow(Exception e) throws SQLException, WarehouseException {
        if (e instanceof SQLException && dialect.isConnectionError((SQLException) e)) {
            throw (SQLException) e;
        }
        if (e instanceof WarehouseException && ((WarehouseException) e).isConnection()) {
            throw (WarehouseException) e;
        }
        return e;
    }

    /** The batch's columns, each once, as the first row (in order) that has it gives it. */
    private static List<Field> union(List<Row> rows, List<Integer> indices) {
        Map<String, Field> columns = new LinkedHashMap<>();
        for (int i : indices) {
            for (Field f : rows.get(i).fields()) {
                columns.putIfAbsent(f.column(), f);
            }
        }
        return new ArrayList<>(columns.values());
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
        if (writeLock == null) {
            writeRow(row, cache);
            return;
        }
        writeLock.lock();
        try {
            writeRow(row, cache);
        } finally {
            writeLock.unlock();
        }
    }

    private void writeRow(Row row, SchemaCache cache) throws WarehouseException {
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
                    "table \"" + table + "\": " + dialect.errorMessage(e), e);
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
                "writing to table \"" + table + "\" on " + settings + " failed: " + dialect.errorMessage(e), e);
    }

    @Override
    public void close() {
        session.close();
    }
}
