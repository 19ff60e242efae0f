package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows prepared by {@link RowInserter} (all for one table, converted against one schema) in one
 * transaction through the dialect's bulk path ({@link Dialect#insertBatch}), and, when the database
 * refuses that for a data reason, finds the rows at fault: halves are written in bulk again, down to
 * {@link #SINGLE_ROWS_AT} rows, which go one by one through the single-row INSERT (autocommitted, as
 * {@code Warehouse.write(Row)} runs it), so only the bad rows fail, each with the error its own INSERT
 * gets. A connection-class error is thrown (after rollback): then nothing of the transaction is written.
 */
public final class BatchInserter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);

    /** A refused group of at most this many rows is written row by row rather than halved again. */
    static final int SINGLE_ROWS_AT = 4;

    private final JdbcSession session;
    private final Dialect dialect;
    private final RowInserter inserter;

    public BatchInserter(JdbcSession session, Dialect dialect, RowInserter inserter) {
        this.session = session;
        this.dialect = dialect;
        this.inserter = inserter;
    }

    /**
     * Writes {@code rows}; returns per row (same order) null when it is written, else why not
     * ({@link SQLException} from the database, {@link WarehouseException} of kind DATA).
     *
     * @param isolate on a data failure of the bulk transaction, find the bad rows (see the class);
     *        without, every row of a refused bulk gets its error (the caller retries them)
     * @throws SQLException a connection-class error ({@link Dialect#isConnectionError}); rolled back
     * @throws WarehouseException of kind CONNECTION: (re)connecting failed
     */
    public Exception[] write(List<RowInserter.Prepared> rows, boolean isolate) throws SQLException, WarehouseException {
        Exception[] failures = new Exception[rows.size()];
        List<Integer> bulk = new ArrayList<>(rows.size());
        List<Integer> alone = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (carriable(rows.get(i)) ? bulk : alone).add(i);
        }
        if (!bulk.isEmpty()) {
            List<RowInserter.Prepared> chunk = new ArrayList<>(bulk.size());
            bulk.forEach(i -> chunk.add(rows.get(i)));
            Exception[] out = new Exception[chunk.size()];
            if (isolate) {
                isolate(chunk, 0, chunk.size(), out);
            } else if (chunk.size() == 1) {
                out[0] = single(chunk.get(0));
            } else {
                SQLException e = transaction(chunk);
                if (e != null) {
                    java.util.Arrays.fill(out, e);
                }
            }
            for (int k = 0; k < bulk.size(); k++) {
                failures[bulk.get(k)] = out[k];
            }
        }
        // rows the bulk path cannot carry go alone; that they fail does not depend on their neighbours
        for (int i : alone) {
            failures[i] = single(rows.get(i));
        }
        return failures;
    }

    private boolean carriable(RowInserter.Prepared row) {
        for (Object v : row.values) {
            if (!dialect.bulkAccepts(v)) {
                return false;
            }
        }
        return true;
    }

    private void isolate(List<RowInserter.Prepared> rows, int from, int to, Exception[] out)
            throws SQLException, WarehouseException {
        if (to - from == 1) {
            out[from] = single(rows.get(from));
            return;
        }
        SQLException e = transaction(rows.subList(from, to));
        if (e == null) {
            return;
        }
        LOG.debug("bulk write of {} rows to {} refused, isolating the bad rows: {}", to - from,
                rows.get(from).row.table(), SqlErrors.message(e));
        if (to - from <= SINGLE_ROWS_AT) {
            for (int i = from; i < to; i++) {
                out[i] = single(rows.get(i));
            }
            return;
        }
        int mid = (from + to) >>> 1;
        isolate(rows, from, mid, out);
        isolate(rows, mid, to, out);
    }

    /** One row through the single-row INSERT, autocommitted; null when written. */
    private Exception single(RowInserter.Prepared row) throws SQLException, WarehouseException {
        try {
            inserter.insert(row);
            return null;
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw e;
            }
            return e;
        }
    }

    /** The rows in one transaction; null when committed, the data error when rolled back. */
    private SQLException transaction(List<RowInserter.Prepared> rows) throws SQLException, WarehouseException {
        try {
            session.transaction(c -> {
                dialect.insertBatch(c, BatchInsert.of(session.schema(), rows.get(0).row.table(), rows));
                return null;
            });
            return null;
        } catch (SQLException e) {
            if (dialect.isConnectionError(e)) {
                throw e;
            }
            return e;
        }
    }
}
