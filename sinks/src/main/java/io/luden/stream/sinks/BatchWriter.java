package io.luden.stream.sinks;

import java.util.List;

/**
 * The one writer contract of every destination — JDBC warehouses, BigQuery's API, files on S3, an
 * HTTP webhook. The loader hands it, per flush, the rows of one table in arrival order and gets back
 * one {@link RowResult} per row; it never needs to know which destination it talks to.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>{@link #write} returns exactly one result per row, in the order of {@code rows}, and does not
 *       throw for a data or a connection problem (only for a bug or broken Flink state).</li>
 *   <li>A data problem refuses only the rows it concerns ({@link RowResult.Kind#REFUSED}, with a reason
 *       naming table, column, type and value); their neighbours are written.</li>
 *   <li>A connection-class problem (unreachable, timeout, overloaded) makes a row
 *       {@link RowResult.Kind#RETRY}. A destination that writes in order and cannot undo (a webhook)
 *       marks every row after the first such row RETRY too, without sending it.</li>
 *   <li>Rows may be handed in again after they were written (a retry of the batch, a replay, a restore
 *       from a checkpoint): writing a row twice must not make two — or the destination documents that
 *       it is at-least-once.</li>
 *   <li>Called by one thread at a time (the destination's writer thread), never concurrently.</li>
 * </ul>
 */
public interface BatchWriter extends AutoCloseable {
    /** Longest table or column name the destination takes; the caller folds longer names (SPEC §8). */
    int maxIdentifierLength();

    /**
     * Writes {@code rows}, all for {@code table}, in arrival order.
     *
     * @param schemas the destination's cache of table schemas (SPEC §9), read and updated by the writer
     * @return one result per row, same order
     */
    List<RowResult> write(String table, List<Row> rows, SchemaCache schemas);

    /**
     * Whether rows must reach the destination in arrival order across tables (a webhook): the caller
     * then makes one {@link #write} call per run of consecutive rows of one table instead of one call
     * per table. False by default: a warehouse's tables are independent.
     */
    default boolean writesInArrivalOrder() {
        return false;
    }

    @Override
    void close();
}
