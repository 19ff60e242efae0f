package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.functions.enrich.LookupEnrichment;
import io.luden.stream.functions.js.JsTransform;
import io.luden.stream.functions.template.TableNameTemplate;
import io.luden.stream.sinks.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SPEC §1 steps 1–4 for one event at one destination, in Jitsu's order (v1.42+): lookup
 * enrichment → mappings or JavaScript transform (0..N rows) → per row: id and {@code _timestamp}
 * reset, table name ({@code JITSU_TABLE_NAME} or the template), Jitsu's special keys dropped,
 * {@code __sql_type_} hints taken, flatten + name + type. Plain Java; the warehouse write is the
 * caller's.
 */
public final class EventPipeline implements AutoCloseable {
    /** Set by a transform (the JS constant {@code TABLE_NAME}) to choose a row's table. */
    public static final String TABLE_NAME_KEY = JsTransform.TABLE_NAME_KEY;
    /** Added at ingest when HTTP-context enrichment is on; never a column. */
    public static final String HTTP_CONTEXT_KEY = "__HTTP_CONTEXT__";

    private final DestinationConfig destination;
    private final TableNameTemplate template;
    private final LookupEnrichment enrichment;
    private final RowShaper shaper;
    private final int maxColumnNameLength;

    public EventPipeline(DestinationConfig destination, String maxmindPath, int maxColumnNameLength) {
        this.destination = destination;
        this.template = TableNameTemplate.parse(destination.dataLayout().tableNameTemplate());
        this.enrichment = new LookupEnrichment(destination.enrichment(), maxmindPath);
        this.shaper = RowShaper.of(destination);
        this.maxColumnNameLength = maxColumnNameLength;
    }

    /** The rows of one event, or why there are none. */
    public Result process(EventRecord event) {
        try {
            ObjectNode json = Events.parse(event.json);
            JsonNode timestamp = json.get(EventIds.TIMESTAMP_FIELD);
            enrichment.apply(json);
            RowShaper.Shaped shaped = shaper.shape(json);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < shaped.rows().size(); i++) {
                ObjectNode row = shaped.rows().get(i);
                String rowId = EventIds.multiRowId(event.eventId, i);
                EventIds.resetRow(row, rowId, timestamp);
                String table = tableOf(row);
                if (table == null) {
                    continue; // skipped by the template or an empty JITSU_TABLE_NAME: this row only
                }
                // a name past the identifier limit is folded like a column's (Postgres would cut it at 63 bytes)
                table = ColumnNames.fold(table, maxColumnNameLength);
                row.remove(HTTP_CONTEXT_KEY);
                Map<String, ExplicitSqlType> types = shaped.typesOf(row);
                rows.add(RowBuilder.build(table, rowId, row, maxColumnNameLength, types).withSource(row));
            }
            return rows.isEmpty() ? Result.skip() : Result.rows(rows);
        } catch (Exception e) {
            return Result.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private String tableOf(ObjectNode row) throws Exception {
        JsonNode explicit = row.remove(TABLE_NAME_KEY);
        if (explicit != null && !explicit.isNull()) {
            return TableNameTemplate.normalize(explicit.isTextual() ? explicit.textValue() : Events.toJson(explicit));
        }
        return template.evaluate(row, destination.id(), destination.type());
    }

    @Override
    public void close() throws Exception {
        try {
            enrichment.close();
        } finally {
            try {
                shaper.close();
            } finally {
                template.close();
            }
        }
    }

    /** Rows to write, or skipped, or failed with a reason. */
    public static final class Result {
        private final List<Row> rows;
        private final String error;

        private Result(List<Row> rows, String error) {
            this.rows = rows;
            this.error = error;
        }

        static Result rows(List<Row> rows) {
            return new Result(List.copyOf(rows), null);
        }

        static Result skip() {
            return new Result(List.of(), null);
        }

        static Result failed(String error) {
            return new Result(List.of(), error);
        }

        public List<Row> rows() {
            return rows;
        }

        public boolean skipped() {
            return error == null && rows.isEmpty();
        }

        /** The reason the event failed, or null. */
        public String error() {
            return error;
        }
    }
}
