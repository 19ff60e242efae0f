package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.TablePatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPEC §1 steps 5–6 through BigQuery's tables API: a table's schema (cache, else {@code tables.get}),
 * {@code tables.insert} with the row's columns when it is missing (the dataset too, as Jitsu did), and
 * a schema update ({@code tables.patch}) adding the nullable columns it lacks. Never drops a column,
 * never changes a type. The same {@code max_columns} and explicit-type rules as the SQL warehouses.
 */
final class BigQueryTables {
    private static final Logger LOG = LoggerFactory.getLogger(BigQueryTables.class);
    /** Schema updates before giving up: more than one only when another writer keeps changing the table. */
    static final int MAX_DDL_ROUNDS = 3;

    private final BigQuery client;
    private final DatasetId dataset;
    private final int maxColumns;
    private final Partitioning partitioning;

    /** Jitsu's optional time partitioning of new tables: a TIMESTAMP/DATE column and HOUR/DAY/MONTH/YEAR. */
    record Partitioning(String field, TimePartitioning.Type granularity) {}

    BigQueryTables(BigQuery client, DatasetId dataset, int maxColumns, Partitioning partitioning) {
        this.client = client;
        this.dataset = dataset;
        this.maxColumns = maxColumns;
        this.partitioning = partitioning;
    }

    DatasetId dataset() {
        return dataset;
    }

    /** The schema of {@code table} once it has every column of {@code fields}; {@code fresh}: the cache is not used. */
    TableSchema ensure(String table, Collection<io.luden.stream.sinks.Field> fields, SchemaCache cache, boolean fresh)
            throws WarehouseException {
        TableSchema schema = fresh ? null : cached(cache, table);
        if (schema == null) {
            schema = read(table, cache);
        }
        WarehouseException last = null;
        for (int round = 1; ; round++) {
            List<io.luden.stream.sinks.Field> missing = schema == null ? List.copyOf(fields) : TablePatcher.missing(schema, fields);
            if (missing.isEmpty()) {
                return schema;
            }
            if (round > MAX_DDL_ROUNDS) {
                throw last != null ? last : WarehouseException.data("column \"" + missing.get(0).column()
                        + "\" of table \"" + table + "\" is still missing after the schema update");
            }
            TablePatcher.checkMaxColumns(table, schema, missing, maxColumns);
            LinkedHashMap<String, StandardSQLTypeName> added = new LinkedHashMap<>();
            for (io.luden.stream.sinks.Field f : missing) {
                added.put(f.column(), type(table, f));
            }
            try {
                if (schema == null) {
                    create(table, added);
                } else {
                    addColumns(table, added);
                }
            } catch (BigQueryException e) {
                if (!BigQueryErrors.isAlreadyExists(e) && !BigQueryErrors.isData(e)) {
                    throw BigQueryErrors.of(schema == null ? "creating" : "adding columns to", table, e);
                }
                // a lost race (already exists), or a refusal that another writer's change may explain: look again
                last = BigQueryErrors.of(schema == null ? "creating" : "adding columns to", table, e);
                schema = read(table, cache);
                if (BigQueryErrors.isData(e) && !(schema == null ? List.copyOf(fields) : TablePatcher.missing(schema, fields)).isEmpty()) {
                    throw last;
                }
                continue;
            }
            schema = read(table, cache);
        }
    }

    /** The table as BigQuery has it, cached; null when it does not exist. */
    TableSchema read(String table, SchemaCache cache) throws WarehouseException {
        Table t;
        try {
            t = client.getTable(TableId.of(dataset.getProject(), dataset.getDataset(), table));
        } catch (BigQueryException e) {
            throw BigQueryErrors.of("reading", table, e);
        }
        if (t == null) {
            return null;
        }
        TableDefinition definition = t.getDefinition();
        if (definition.getType() != TableDefinition.Type.TABLE) {
            throw WarehouseException.data("table \"" + table + "\" of dataset " + dataset.getDataset() + " is a "
                    + definition.getType() + ", not a TABLE: rows cannot be inserted into it");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        Schema schema = definition.getSchema();
        if (schema != null) {
            for (Field f : schema.getFields()) {
                columns.put(f.getName(), f.getMode() == Field.Mode.REPEATED ? "ARRAY<" + f.getType().getStandardType() + ">"
                        : f.getType().getStandardType().name());
            }
        }
        TableSchema found = new TableSchema(table, columns, List.of(), List.of());
        put(cache, table, found);
        return found;
    }

    private void create(String table, LinkedHashMap<String, StandardSQLTypeName> columns) throws WarehouseException {
        List<Field> fields = new ArrayList<>();
        columns.forEach((name, type) -> fields.add(Field.newBuilder(name, type).setMode(Field.Mode.NULLABLE).build()));
        StandardTableDefinition.Builder definition = StandardTableDefinition.newBuilder().setSchema(Schema.of(fields));
        if (partitioning != null) {
            StandardSQLTypeName type = columns.get(partitioning.field());
            if (type == StandardSQLTypeName.TIMESTAMP || type == StandardSQLTypeName.DATE
                    || type == StandardSQLTypeName.DATETIME) {
                definition.setTimePartitioning(TimePartitioning.newBuilder(partitioning.granularity())
                        .setField(partitioning.field()).build());
            } else {
                LOG.warn("Table {} is created without partitioning: its first row has no TIMESTAMP/DATE column {}",
                        table, partitioning.field());
            }
        }
        TableInfo info = TableInfo.of(TableId.of(dataset.getProject(), dataset.getDataset(), table), definition.build());
        try {
            client.create(info);
        } catch (BigQueryException e) {
            if (!BigQueryErrors.isNotFound(e)) {
                throw e;
            }
            createDataset();
            client.create(info);
        }
        LOG.info("Created BigQuery table {}.{} with {} columns", dataset.getDataset(), table, columns.size());
    }

    /** The dataset of the destination, created when missing (Jitsu did the same), in the client's location. */
    private void createDataset() {
        try {
            client.create(DatasetInfo.newBuilder(dataset).build());
            LOG.info("Created BigQuery dataset {}:{}", dataset.getProject(), dataset.getDataset());
        } catch (BigQueryException e) {
            if (!BigQueryErrors.isAlreadyExists(e)) {
                throw e;
            }
        }
    }

    private void addColumns(String table, LinkedHashMap<String, StandardSQLTypeName> added) throws WarehouseException {
        Table t = client.getTable(TableId.of(dataset.getProject(), dataset.getDataset(), table));
        if (t == null) {
            throw new WarehouseException(WarehouseException.Kind.CONNECTION, "table \"" + table
                    + "\" disappeared while columns were added to it; it is created again on the next try");
        }
        StandardTableDefinition definition = t.getDefinition();
        List<Field> fields = new ArrayList<>();
        Set<String> existing = new LinkedHashSet<>();
        FieldList old = definition.getSchema() == null ? FieldList.of() : definition.getSchema().getFields();
        for (Field f : old) {
            fields.add(f);
            existing.add(f.getName());
        }
        added.forEach((name, type) -> {
            if (!existing.contains(name)) {
                fields.add(Field.newBuilder(name, type).setMode(Field.Mode.NULLABLE).build());
            }
        });
        client.update(t.toBuilder().setDefinition(definition.toBuilder().setSchema(Schema.of(fields)).build()).build());
        LOG.info("Added {} column(s) to BigQuery table {}.{}: {}", added.size(), dataset.getDataset(), table, added.keySet());
    }

    private StandardSQLTypeName type(String table, io.luden.stream.sinks.Field f) throws WarehouseException {
        if (f.sqlType() == null) {
            return BigQueryTypes.of(f.type());
        }
        StandardSQLTypeName t = BigQueryTypes.explicit(f.sqlType());
        if (t == null) {
            throw WarehouseException.data("column \"" + f.column() + "\" of table \"" + table + "\": explicit type '"
                    + f.sqlType() + "' is not a BigQuery column type (one of " + BigQueryTypes.explicitNames() + ")");
        }
        return t;
    }

    private static TableSchema cached(SchemaCache cache, String table) {
        try {
            return cache.get(table);
        } catch (Exception e) {
            throw new IllegalStateException("reading the cached schema of table " + table + " failed", e);
        }
    }

    static void put(SchemaCache cache, String table, TableSchema schema) {
        try {
            cache.put(table, schema);
        } catch (Exception e) {
            throw new IllegalStateException("caching the schema of table " + table + " failed", e);
        }
    }
}
