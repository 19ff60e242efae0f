package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.ValueConverter;
import io.luden.stream.sinks.WarehouseException;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code type: bigquery} destination: tables through BigQuery's tables API ({@link BigQueryTables}),
 * rows through {@code tabledata.insertAll} with the event id as each row's {@code insertId}
 * ({@link InsertAll}). Values are checked against the table's column types by {@link ValueConverter}
 * before they are sent, so a value of another type is refused naming table, column, type and value,
 * as in the SQL warehouses; what BigQuery itself refuses comes back per row and refuses only that row.
 * Not thread-safe (one writer thread).
 */
public final class BigQueryWriter implements BatchWriter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BigQueryWriter.class);
    /** BigQuery's longest column name. */
    public static final int MAX_COLUMN_NAME_LENGTH = 300;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private final ConnectionSettings settings;
    private final BigQuery client;
    private final BigQueryTables tables;
    private final InsertAll inserts;
    /** Null when {@code dedup_lookup} is off. */
    private final WrittenIds writtenIds;
    /** Tables whose last batch found none of its ids written already and had no RETRY: no replay under way. */
    private final java.util.Set<String> clean = new java.util.HashSet<>();

    /**
     * @param settings {@code db} the project, {@code schema} the dataset, {@code password} the key file (path or
     *        JSON), {@code host} another endpoint, parameters {@code location}, {@code partition_field},
     *        {@code partition_granularity}, {@code dedup_lookup} ({@code false}: insertId only)
     * @param maxColumns {@code data_layout.max_columns} (≥ 1)
     */
    public BigQueryWriter(ConnectionSettings settings, int maxColumns) {
        this(settings, BigQueryConnection.open(settings), maxColumns);
    }

    BigQueryWriter(ConnectionSettings settings, BigQuery client, int maxColumns) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (maxColumns < 1) {
            throw new IllegalArgumentException("max_columns must be at least 1, got " + maxColumns);
        }
        if (settings.db() == null || settings.schema() == null) {
            throw new IllegalArgumentException("a BigQuery destination needs a project and a dataset");
        }
        this.client = client;
        this.tables = new BigQueryTables(client, DatasetId.of(settings.db(), settings.schema()), maxColumns,
                partitioning(settings.parameters()));
        this.inserts = new InsertAll(client, tables.dataset());
        this.writtenIds = "false".equalsIgnoreCase(settings.parameters().get("dedup_lookup")) ? null
                : new WrittenIds(client, tables.dataset());
    }

    private static BigQueryTables.Partitioning partitioning(Map<String, String> parameters) {
        String field = parameters.get("partition_field");
        if (field == null) {
            return null;
        }
        String granularity = parameters.getOrDefault("partition_granularity", "DAY");
        return new BigQueryTables.Partitioning(field,
                com.google.cloud.bigquery.TimePartitioning.Type.valueOf(granularity.toUpperCase(java.util.Locale.ROOT)));
    }

    @Override
    public int maxIdentifierLength() {
        return MAX_COLUMN_NAME_LENGTH;
    }

    @Override
    public List<RowResult> write(String table, List<Row> rows, SchemaCache cache) {
        RowResult[] results = new RowResult[rows.size()];
        List<Integer> live = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).fields().isEmpty()) {
                results[i] = RowResult.refused("row for table \"" + table + "\" has no columns");
            } else {
                live.add(i);
            }
        }
        TableSchema schema;
        boolean existed;
        try {
            existed = live.isEmpty() || tables.ensure(table, List.of(), cache, false) != null;
            schema = patch(table, rows, live, cache, results);
        } catch (WarehouseException e) { // nothing was written: BigQuery unreachable, or the table cannot take rows (a view)
            RowResult retry = e.isConnection() ? RowResult.retry(e.getMessage()) : RowResult.refused(e.getMessage());
            for (int i : live) {
                if (results[i] == null) {
                    results[i] = retry;
                }
            }
            return Arrays.asList(results);
        }
        List<Integer> sent = new ArrayList<>(live.size());
        List<InsertAll.Item> items = new ArrayList<>(live.size());
        java.util.Set<String> batchIds = new java.util.HashSet<>();
        for (int i : live) {
            if (results[i] != null) {
                continue;
            }
            String id = rows.get(i).eventId();
            if (id != null && !batchIds.add(id)) {
                results[i] = RowResult.written(); // the same event twice in one batch: the first one is kept, as by a key
                continue;
            }
            try {
                items.add(new InsertAll.Item(rows.get(i).eventId(), content(table, schema, rows.get(i))));
                sent.add(i);
            } catch (WarehouseException e) {
                results[i] = RowResult.refused(e.getMessage());
            }
        }
        if (!existed) {
            clean.add(table); // made by this batch: nothing of it can be there
        } else if (writtenIds != null && !clean.contains(table) && !items.isEmpty()) {
            try {
                skipWritten(table, schema, sent, items, results);
            } catch (WarehouseException e) { // connection-class: nothing was sent
                for (int i : sent) {
                    results[i] = RowResult.retry(e.getMessage());
                }
                return Arrays.asList(results);
            }
        }
        List<RowResult> written = inserts.insert(table, items, cache);
        for (int k = 0; k < sent.size(); k++) {
            results[sent.get(k)] = written.get(k);
        }
        if (written.stream().anyMatch(r -> r.kind() == RowResult.Kind.RETRY)) {
            clean.remove(table); // the rows may be written and sent again later: look before sending them
        }
        return Arrays.asList(results);
    }

    /**
     * While a replay may be under way (the writer's first batch of the table, or the first after a RETRY),
     * the rows whose event id the table already has are WRITTEN without being sent; {@code sent} and
     * {@code items} keep the others. A batch that finds none ends the look-ups until the next RETRY.
     */
    private void skipWritten(String table, TableSchema schema, List<Integer> sent, List<InsertAll.Item> items,
                             RowResult[] results) throws WarehouseException {
        if (!"STRING".equals(schema.columns.get(WrittenIds.EVENT_ID_COLUMN))) {
            clean.add(table); // a table made by someone else, without a text event id: insertId only
            return;
        }
        List<String> ids = new ArrayList<>();
        items.forEach(item -> {
            if (item.eventId() != null) {
                ids.add(item.eventId());
            }
        });
        java.util.Set<String> present;
        try {
            present = ids.isEmpty() ? java.util.Set.of() : writtenIds.present(table, ids);
        } catch (WarehouseException e) {
            if (e.isConnection()) {
                throw e;
            }
            LOG.warn("Looking up written event ids in BigQuery table {} was refused, relying on insertId only: {}",
                    table, e.getMessage());
            clean.add(table);
            return;
        }
        if (present.isEmpty()) {
            clean.add(table);
            return;
        }
        LOG.info("BigQuery table {} has {} of the batch's {} event ids already (a replay): not sent again",
                table, present.size(), ids.size());
        for (int k = items.size() - 1; k >= 0; k--) {
            String id = items.get(k).eventId();
            if (id != null && present.contains(id)) {
                results[sent.get(k)] = RowResult.written();
                sent.remove(k);
                items.remove(k);
            }
        }
    }

    /**
     * The table once it has the columns of the rows {@code live}, as the SQL warehouses patch it: when the
     * table is missing, the first row that can creates it from its own columns; the (other) rows' columns are
     * added in one schema update, row by row only when that is refused (a row past max_columns, a bad explicit type):
     * rows whose columns cannot be had get their REFUSED result in {@code results}.
     *
     * @throws WarehouseException a connection-class failure
     */
    private TableSchema patch(String table, List<Row> rows, List<Integer> live, SchemaCache cache, RowResult[] results)
            throws WarehouseException {
        TableSchema schema = live.isEmpty() ? null : tables.ensure(table, List.of(), cache, false); // null: no table yet
        int next = 0;
        while (schema == null && next < live.size()) {
            int i = live.get(next++);
            try {
                schema = tables.ensure(table, rows.get(i).fields(), cache, false);
            } catch (WarehouseException e) {
                refuseOrThrow(e, results, i);
            }
        }
        List<Integer> rest = live.subList(next, live.size());
        if (rest.isEmpty()) {
            return schema;
        }
        Map<String, Field> union = new LinkedHashMap<>();
        for (int i : rest) {
            rows.get(i).fields().forEach(f -> union.putIfAbsent(f.column(), f));
        }
        try {
            return tables.ensure(table, union.values(), cache, false);
        } catch (WarehouseException e) {
            if (e.isConnection()) {
                throw e;
            }
        }
        for (int i : rest) {
            try {
                schema = tables.ensure(table, rows.get(i).fields(), cache, false);
            } catch (WarehouseException e) {
                refuseOrThrow(e, results, i);
            }
        }
        return schema;
    }

    private static void refuseOrThrow(WarehouseException e, RowResult[] results, int i) throws WarehouseException {
        if (e.isConnection()) {
            throw e;
        }
        results[i] = RowResult.refused(e.getMessage());
    }

    /** The row as insertAll's JSON object: each value converted exactly to its column's type, or refused. */
    private static Map<String, Object> content(String table, TableSchema schema, Row row) throws WarehouseException {
        Map<String, Object> content = new LinkedHashMap<>();
        for (Field f : row.fields()) {
            String type = schema.columns.get(f.column());
            if (type == null) { // its column could not be added (refused above for this row's own columns)
                throw WarehouseException.data("column \"" + f.column() + "\" of table \"" + table + "\" is missing");
            }
            Object value = ValueConverter.convert(table, f, BigQueryTypes.converterType(type), BigQueryTypes.category(type));
            content.put(f.column(), json(value));
        }
        return content;
    }

    /** What insertAll is sent for a converted value: INT64 and decimals as text, so no JSON reader rounds them. */
    private static Object json(Object value) {
        if (value instanceof Long) {
            return value.toString();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof LocalDateTime) {
            return TIMESTAMP.format((LocalDateTime) value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "BigQuery " + settings.db() + ":" + settings.schema();
    }

    @Override
    public void close() {
        // the client holds no connection of its own beyond the HTTP transport's pool
    }
}
