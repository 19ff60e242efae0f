package io.luden.stream.functions;

import io.luden.stream.functions.template.TableNameTemplate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;

/**
 * Steps 1–8 of SPEC §1 for one event at one destination: table name, flatten + name + type, then
 * the warehouse write (schema cache, patch, insert, re-read and retry once). Plain Java: the Flink
 * shell ({@link DestinationLoader}) owns the state, the queue and the outputs.
 */
public final class EventLoader implements AutoCloseable {
    private final DestinationConfig destination;
    private final TableNameTemplate template;
    private final Warehouse warehouse;

    public EventLoader(DestinationConfig destination) throws Exception {
        this.destination = destination;
        this.template = TableNameTemplate.parse(destination.dataLayout().tableNameTemplate());
        this.warehouse = new Warehouse(destination.connection(), destination.dataLayout().primaryKeyFields());
    }

    public DestinationConfig destination() {
        return destination;
    }

    public LoadOutcome load(EventRecord event, SchemaCache schemas) {
        ObjectNode json;
        String table;
        Row row;
        try {
            json = Events.parse(event.json);
            table = template.evaluate(json);
            if (table == null) {
                return LoadOutcome.skipped();
            }
            row = RowBuilder.build(table, event.eventId, json, warehouse.dialect().maxColumnNameLength());
        } catch (Exception e) {
            return LoadOutcome.failed(e.getMessage());
        }
        try {
            warehouse.write(row, schemas);
            return LoadOutcome.loaded(table);
        } catch (WarehouseException e) {
            return e.isConnection() ? LoadOutcome.retry(e.getMessage()) : LoadOutcome.failed(e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        warehouse.close();
    }
}
