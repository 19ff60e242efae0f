package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.Timestamps;
import io.luden.stream.sinks.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code type: s3}: each table's rows of a flush become one object, put in one request (a PUT is
 * atomic: the object is all there or not at all). Rows whose event id the bucket already holds
 * ({@link WrittenIndex}) are reported written without being written again, so a replay after a crash
 * or a retry whose first try landed adds nothing. The object's key follows from its rows
 * ({@link ObjectNames}). There is no schema, so the schema cache is not used.
 */
public final class S3Writer implements BatchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);
    /** Table names go into keys (at most 1,024 bytes with the folder and the suffix). */
    static final int MAX_TABLE_NAME = 255;

    private final S3Settings settings;
    private final S3Client client;
    private final ObjectNames names;
    private final WrittenIndex index;

    public S3Writer(S3Settings settings) {
        this(settings, S3Clients.create(settings), Instant::now);
    }

    S3Writer(S3Settings settings, S3Client client, Supplier<Instant> clock) {
        this.settings = settings;
        this.client = client;
        this.names = new ObjectNames(settings.folder(), settings.gzip(), settings.format() == S3Format.PARQUET);
        this.index = new WrittenIndex(client, settings.bucket(), settings.server(), names, settings.dedupWindow(), clock);
        LOG.info("S3 destination writes to {}", settings);
    }

    @Override
    public int maxIdentifierLength() {
        return MAX_TABLE_NAME;
    }

    @Override
    public List<RowResult> write(String table, List<Row> rows, SchemaCache schemas) {
        RowResult[] out = new RowResult[rows.size()];
        List<ObjectBody.Record> records = new ArrayList<>(rows.size());
        List<Integer> at = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                records.add(ObjectBody.record(rows.get(i), settings.format()));
                at.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowResult.refused(e.getMessage());
            }
        }
        Set<String> written;
        try {
            written = index.written(table);
        } catch (WarehouseException e) {
            fill(out, at, RowResult.of(e));
            return Arrays.asList(out);
        }
        List<ObjectBody.Record> toWrite = new ArrayList<>(records.size());
        List<Integer> toWriteAt = new ArrayList<>(records.size());
        for (int k = 0; k < records.size(); k++) {
            ObjectBody.Record r = records.get(k);
            if (r.eventId() != null && written.contains(r.eventId())) {
                out[at.get(k)] = RowResult.written(); // in the bucket already: a replay
            } else {
                toWrite.add(r);
                toWriteAt.add(at.get(k));
            }
        }
        if (toWrite.size() < records.size()) {
            LOG.info("s3 table {}: {} of {} row(s) are in the bucket already (a replay); not written again", table,
                    records.size() - toWrite.size(), records.size());
        }
        if (!toWrite.isEmpty()) {
            fill(out, toWriteAt, put(table, toWrite));
        }
        return Arrays.asList(out);
    }

    /** Puts one object holding {@code records}; the result of each of them. */
    private RowResult put(String table, List<ObjectBody.Record> records) {
        Instant start = null;
        Instant end = null;
        List<String> ids = new ArrayList<>(records.size());
        for (ObjectBody.Record r : records) {
            ids.add(r.eventId());
            Instant t = timestamp(r.row());
            if (t != null) {
                start = start == null || t.isBefore(start) ? t : start;
                end = end == null || t.isAfter(end) ? t : end;
            }
        }
        String key = names.key(table, start, end, ids);
        byte[] body = ObjectBody.encode(records, settings.format(), settings.gzip());
        PutObjectRequest request = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentType(switch (settings.format()) {
                    case CSV -> "text/csv";
                    case PARQUET -> "application/vnd.apache.parquet";
                    default -> "application/x-ndjson";
                })
                .build();
        try {
            client.putObject(request, RequestBody.fromBytes(body));
        } catch (SdkException e) {
            WarehouseException w = S3Errors.classify(e, "writing s3://" + settings.bucket() + "/" + key + " ("
                    + records.size() + " row(s) of table " + table + ")", settings.server());
            if (w.isConnection()) {
                index.unknown(table); // it may have landed all the same
            }
            return RowResult.of(w);
        }
        index.added(table, key, ids);
        LOG.debug("s3 table {}: {} row(s) in s3://{}/{} ({} bytes)", table, records.size(), settings.bucket(), key,
                body.length);
        return RowResult.written();
    }

    /** As after a write of {@code table} whose outcome is unknown: the bucket is read again first. */
    void markUnknown(String table) {
        index.unknown(table);
    }

    private static Instant timestamp(Row row) {
        Field f = row.field(ObjectBody.TIMESTAMP_COLUMN);
        if (f == null) {
            return null;
        }
        OffsetDateTime t = Timestamps.parse(String.valueOf(f.value()));
        return t == null ? null : t.toInstant();
    }

    private static void fill(RowResult[] out, List<Integer> at, RowResult result) {
        for (int i : at) {
            out[i] = result;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
