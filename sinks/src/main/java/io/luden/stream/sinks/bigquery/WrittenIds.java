package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import io.luden.stream.sinks.WarehouseException;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which of a batch's event ids a table already has, by one query. The writer asks while it may be replaying
 * (its first batch of a table, and after a RETRY, until a batch finds none): this covers what insertId's
 * best-effort window does not — a restore or rerun long after the rows were written. Rows streamed in the
 * last few seconds may not be visible to a query yet; insertId covers those.
 */
final class WrittenIds {
    static final String EVENT_ID_COLUMN = "eventn_ctx_event_id";

    private final BigQuery client;
    private final DatasetId dataset;

    WrittenIds(BigQuery client, DatasetId dataset) {
        this.client = client;
        this.dataset = dataset;
    }

    /** The ids of {@code ids} that {@code table} has in its event-id column. */
    Set<String> present(String table, Collection<String> ids) throws WarehouseException {
        String sql = "SELECT DISTINCT " + EVENT_ID_COLUMN + " FROM `" + dataset.getProject() + "." + dataset.getDataset()
                + "." + table + "` WHERE " + EVENT_ID_COLUMN + " IN UNNEST(@ids)";
        QueryJobConfiguration query = QueryJobConfiguration.newBuilder(sql)
                .setUseLegacySql(false)
                .addNamedParameter("ids", QueryParameterValue.array(ids.toArray(new String[0]), StandardSQLTypeName.STRING))
                .build();
        Set<String> found = new HashSet<>();
        try {
            for (FieldValueList row : client.query(query).iterateAll()) {
                if (!row.get(0).isNull()) {
                    found.add(row.get(0).getStringValue());
                }
            }
        } catch (BigQueryException e) {
            throw BigQueryErrors.of("looking up the event ids of a batch in", table, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(WarehouseException.Kind.CONNECTION,
                    "looking up the event ids of a batch in table \"" + table + "\" was interrupted", e);
        }
        return found;
    }
}
