package io.luden.stream.functions;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;

import java.util.List;

/**
 * One event at one destination, SPEC §1 steps 1–8: the {@link EventPipeline} makes its rows, the
 * {@link Warehouse} writes them (schema cache, patch, insert, re-read and retry once). Plain Java:
 * the Flink shell ({@link DestinationLoader}) owns the state, the queue and the outputs.
 */
public final class EventLoader implements AutoCloseable {
    private final DestinationConfig destination;
    private final Warehouse warehouse;
    private final EventPipeline pipeline;

    public EventLoader(DestinationConfig destination, String maxmindPath) {
        this.destination = destination;
        this.warehouse = new Warehouse(destination.connection(), destination.dataLayout().primaryKeyFields(),
                destination.dataLayout().maxColumns());
        this.pipeline = new EventPipeline(destination, maxmindPath, warehouse.dialect().maxColumnNameLength());
    }

    public DestinationConfig destination() {
        return destination;
    }

    /**
     * Loads every row of the event. A data error on any row fails the event (rows before it stay:
     * a replay of the event rewrites them idempotently); a connection error asks for a retry of the
     * whole event.
     */
    public LoadOutcome load(EventRecord event, SchemaCache schemas) {
        EventPipeline.Result result = pipeline.process(event);
        if (result.error() != null) {
            return LoadOutcome.failed(result.error());
        }
        if (result.skipped()) {
            return LoadOutcome.skipped();
        }
        List<Row> rows = result.rows();
        for (int i = 0; i < rows.size(); i++) {
            try {
                warehouse.write(rows.get(i), schemas);
            } catch (WarehouseException e) {
                if (e.isConnection()) {
                    return LoadOutcome.retry(e.getMessage());
                }
                String where = rows.size() == 1 ? "" : "row " + (i + 1) + " of " + rows.size() + ": ";
                return LoadOutcome.failed(where + e.getMessage());
            }
        }
        return LoadOutcome.loaded(rows.get(0).table());
    }

    @Override
    public void close() throws Exception {
        try {
            pipeline.close();
        } finally {
            warehouse.close();
        }
    }
}
