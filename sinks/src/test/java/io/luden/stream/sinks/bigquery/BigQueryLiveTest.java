package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real BigQuery dataset, only when {@code GOOGLE_APPLICATION_CREDENTIALS}, {@code BQ_PROJECT} and
 * {@code BQ_DATASET} are set (skipped otherwise): what no fake can show — that BigQuery takes the tables,
 * schema updates and rows as sent, and that a batch sent again at once is de-duplicated by insertId. Makes
 * one table {@code luden_live_<millis>} and deletes it.
 */
@EnabledIfEnvironmentVariable(named = "GOOGLE_APPLICATION_CREDENTIALS", matches = ".+")
@EnabledIfEnvironmentVariable(named = "BQ_PROJECT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "BQ_DATASET", matches = ".+")
class BigQueryLiveTest {
    private final String project = System.getenv("BQ_PROJECT");
    private final String dataset = System.getenv("BQ_DATASET");
    private final ConnectionSettings settings = ConnectionSettings.builder("bigquery").db(project).schema(dataset)
            .password(System.getenv("GOOGLE_APPLICATION_CREDENTIALS")).build();

    private static Row row(String table, String id, Field... fields) {
        List<Field> all = new ArrayList<>(List.of(fields));
        all.add(new Field("eventn_ctx_event_id", DataType.STRING, id));
        return new Row(table, id, all);
    }

    /** Writes until no row is RETRY (a column just added reaches the streaming backend after a while). */
    private static List<RowResult> writeSettled(BatchWriter w, String table, List<Row> rows, MapSchemaCache cache)
            throws InterruptedException {
        List<RowResult> results = w.write(table, rows, cache);
        for (int i = 0; i < 60 && results.stream().anyMatch(r -> r.kind() == RowResult.Kind.RETRY); i++) {
            Thread.sleep(5_000);
            results = w.write(table, rows, cache);
        }
        return results;
    }

    @Test
    void createsWidensAndWritesOnceInARealDataset() throws Exception {
        String table = "luden_live_" + System.currentTimeMillis();
        BigQuery client = BigQueryConnection.open(settings);
        MapSchemaCache cache = new MapSchemaCache();
        try (BatchWriter w = BatchWriters.create(settings, List.of(), 1000)) {
            List<Row> first = List.of(
                    row(table, "live-1", new Field("n", DataType.INTEGER, 42L), new Field("price", DataType.FLOAT, new BigDecimal("1.5")),
                            new Field("ok", DataType.BOOLEAN, true), new Field("_timestamp", DataType.TIMESTAMP, "2020-08-02T18:23:56.123456Z")),
                    row(table, "live-2", new Field("n", DataType.INTEGER, 7L)));
            assertThat(writeSettled(w, table, first, cache)).containsOnly(RowResult.written());
            assertThat(writeSettled(w, table, first, cache)).containsOnly(RowResult.written()); // sent again at once
            List<Row> wider = List.of(row(table, "live-3", new Field("added", DataType.STRING, "x")));
            assertThat(writeSettled(w, table, wider, cache)).containsOnly(RowResult.written());

            Table t = client.getTable(TableId.of(project, dataset, table));
            Map<String, String> types = new java.util.HashMap<>();
            t.getDefinition().getSchema().getFields().forEach(f -> types.put(f.getName(), f.getType().getStandardType().name()));
            assertThat(types).containsEntry("n", "INT64").containsEntry("price", "FLOAT64").containsEntry("ok", "BOOL")
                    .containsEntry("_timestamp", "TIMESTAMP").containsEntry("added", "STRING");
            List<String> ids = new ArrayList<>();
            for (FieldValueList r : client.query(QueryJobConfiguration.of("SELECT eventn_ctx_event_id FROM `" + project + "."
                    + dataset + "." + table + "`")).iterateAll()) {
                ids.add(r.get(0).getStringValue());
            }
            assertThat(ids).containsExactlyInAnyOrder("live-1", "live-2", "live-3");
        } finally {
            client.delete(TableId.of(project, dataset, table));
        }
    }
}
