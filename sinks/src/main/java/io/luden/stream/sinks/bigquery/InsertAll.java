package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.TableId;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.SchemaCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code tabledata.insertAll} in calls of at most {@link #MAX_ROWS_PER_CALL} rows, each row with its event id
 * as {@code insertId}, so BigQuery drops a row it was sent again within its de-duplication window (best
 * effort, about a minute): a retry after a timeout, a replay of the flush after a restore shortly after.
 * {@code skipInvalidRows}: a row BigQuery refuses does not stop its neighbours.
 */
final class InsertAll {
    private static final Logger LOG = LoggerFactory.getLogger(InsertAll.class);
    /** BigQuery's recommended most rows per insertAll call. */
    static final int MAX_ROWS_PER_CALL = 500;
    /** Bytes of row JSON per call at most (estimated): BigQuery refuses requests over 10 MB. */
    static final long MAX_BYTES_PER_CALL = 8L * 1024 * 1024;
    /** BigQuery's longest insertId; a longer event id is sent as its SHA-256. */
    static final int MAX_INSERT_ID_LENGTH = 128;

    /** One row to send: its event id (null: sent without an insertId) and its JSON object. */
    record Item(String eventId, Map<String, Object> content) {
        /** About the bytes of this row's JSON in a request (names, values, quotes and separators). */
        long size() {
            long n = 32 + (eventId == null ? 0 : eventId.length());
            for (Map.Entry<String, Object> e : content.entrySet()) {
                n += e.getKey().length() + String.valueOf(e.getValue()).length() + 6;
            }
            return n;
        }
    }

    private final BigQuery client;
    private final DatasetId dataset;

    InsertAll(BigQuery client, DatasetId dataset) {
        this.client = client;
        this.dataset = dataset;
    }

    /** One result per item, same order. A call that fails for a connection-class reason is not followed by more. */
    List<RowResult> insert(String table, List<Item> items, SchemaCache cache) {
        List<RowResult> results = new ArrayList<>(items.size());
        for (int from = 0, to; from < items.size(); from = to) {
            long bytes = 0;
            to = from;
            while (to < items.size() && to - from < MAX_ROWS_PER_CALL
                    && (to == from || bytes + items.get(to).size() <= MAX_BYTES_PER_CALL)) {
                bytes += items.get(to++).size();
            }
            List<Item> chunk = items.subList(from, to);
            List<RowResult> outcome = call(table, chunk, cache);
            results.addAll(outcome);
            if (outcome.stream().allMatch(r -> r.kind() == RowResult.Kind.RETRY)) {
                RowResult waiting = RowResult.retry(outcome.get(0).reason());
                while (results.size() < items.size()) {
                    results.add(waiting); // BigQuery cannot take rows now: the rest are not sent
                }
                return results;
            }
        }
        return results;
    }

    private List<RowResult> call(String table, List<Item> chunk, SchemaCache cache) {
        InsertAllRequest.Builder request = InsertAllRequest.newBuilder(TableId.of(dataset.getProject(), dataset.getDataset(), table))
                .setSkipInvalidRows(true)
                .setIgnoreUnknownValues(false);
        for (Item item : chunk) {
            request.addRow(item.eventId() == null ? InsertAllRequest.RowToInsert.of(item.content())
                    : InsertAllRequest.RowToInsert.of(insertId(item.eventId()), item.content()));
        }
        InsertAllResponse response;
        try {
            response = client.insertAll(request.build());
        } catch (BigQueryException e) {
            return failed(table, chunk, cache, e);
        }
        List<RowResult> results = new ArrayList<>(chunk.size());
        boolean staleSchema = false;
        for (int i = 0; i < chunk.size(); i++) {
            List<BigQueryError> errors = response.getErrorsFor(i);
            if (errors == null || errors.isEmpty()) {
                results.add(RowResult.written());
                continue;
            }
            StringJoiner reasons = new StringJoiner("; ");
            boolean transientError = false;
            boolean noSuchField = false;
            for (BigQueryError error : errors) {
                reasons.add(BigQueryErrors.describe(error));
                transientError |= BigQueryErrors.isTransient(error);
                noSuchField |= error.getMessage() != null && error.getMessage().startsWith("no such field");
            }
            if (noSuchField) {
                // a column just added is not yet seen by BigQuery's streaming backend, or the table was
                // changed behind our back: look at its schema again and retry, never fail the row for it
                staleSchema = true;
                results.add(RowResult.retry("table \"" + table + "\": BigQuery does not see a column yet (" + reasons + ")"));
            } else if (transientError) {
                results.add(RowResult.retry("table \"" + table + "\": BigQuery could not take the row now (" + reasons + ")"));
            } else {
                results.add(RowResult.refused("table \"" + table + "\": BigQuery refused the row: " + reasons));
            }
        }
        if (staleSchema) {
            forget(cache, table);
        }
        return results;
    }

    /** A whole call failed: 400 (or 413) refuses a lone row (several are isolated one by one); anything else waits. */
    private List<RowResult> failed(String table, List<Item> chunk, SchemaCache cache, BigQueryException e) {
        if (BigQueryErrors.isData(e) || e.getCode() == BigQueryErrors.PAYLOAD_TOO_LARGE) {
            if (chunk.size() == 1) {
                return List.of(RowResult.refused("table \"" + table + "\": BigQuery refused the row: " + BigQueryErrors.describe(e)));
            }
            LOG.debug("insertAll of {} rows into {} refused ({}); sending them one by one", chunk.size(), table,
                    BigQueryErrors.describe(e));
            List<RowResult> results = new ArrayList<>(chunk.size());
            for (Item item : chunk) {
                results.addAll(call(table, List.of(item), cache));
            }
            return results;
        }
        if (BigQueryErrors.isNotFound(e)) {
            forget(cache, table); // deleted behind our back, or just created and not yet visible: look again next time
        }
        RowResult retry = RowResult.retry("inserting into table \"" + table + "\" failed: " + BigQueryErrors.describe(e));
        List<RowResult> results = new ArrayList<>(chunk.size());
        chunk.forEach(item -> results.add(retry));
        return results;
    }

    /** The event id, or its SHA-256 when it is longer than BigQuery takes (the same id always gives the same insertId). */
    static String insertId(String eventId) {
        if (eventId.length() <= MAX_INSERT_ID_LENGTH) {
            return eventId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void forget(SchemaCache cache, String table) {
        try {
            cache.remove(table);
        } catch (Exception e) {
            throw new IllegalStateException("removing the cached schema of table " + table + " failed", e);
        }
    }
}
