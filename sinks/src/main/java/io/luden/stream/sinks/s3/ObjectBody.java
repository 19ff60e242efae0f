package io.luden.stream.sinks.s3;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.Timestamps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * The bytes of one object: the rows in the destination's {@link S3Format}, gzipped when asked. Also
 * says which event id each row carries as it is written, the same way {@link ObjectIds} reads it
 * back, so what the writer remembers and what it finds in the bucket agree.
 */
final class ObjectBody {
    static final String ID_COLUMN = "eventn_ctx_event_id";
    static final String TIMESTAMP_COLUMN = "_timestamp";
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ObjectBody() {}

    /** One row as it goes into an object: its JSON record and its id (null when it has none). */
    record Record(Row row, ObjectNode json, String eventId) {}

    /**
     * The record of {@code row} in {@code format}; an {@link IllegalArgumentException} (a data problem
     * of the row) when the format needs what the row lacks.
     */
    static Record record(Row row, S3Format format) {
        ObjectNode json;
        if (format == S3Format.JSON) {
            if (row.source() == null) {
                throw new IllegalArgumentException("format json writes the event a row was made from, and row of"
                        + " event " + row.eventId() + " for table " + row.table() + " carries none");
            }
            json = row.source();
        } else {
            json = flat(row);
        }
        return new Record(row, json, ObjectIds.idOf(json));
    }

    /** The row's columns as JSON: numbers and booleans as such, timestamps as ISO-8601 UTC strings. */
    static ObjectNode flat(Row row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Field f : row.fields()) {
            Object v = f.value();
            if (v instanceof Boolean b) {
                node.put(f.column(), b);
            } else if (v instanceof Long l) {
                node.put(f.column(), l);
            } else if (v instanceof BigDecimal d) {
                node.put(f.column(), d);
            } else if (v instanceof Number n) {
                node.put(f.column(), new BigDecimal(n.toString()));
            } else if (f.type() == DataType.TIMESTAMP) {
                OffsetDateTime t = Timestamps.parse(v.toString());
                node.put(f.column(), t == null ? v.toString() : t.toInstant().toString());
            } else {
                node.put(f.column(), v.toString());
            }
        }
        return node;
    }

    /** The object's bytes (gzip: the whole body; Parquet: its own codec inside). */
    static byte[] encode(List<Record> records, S3Format format, boolean gzip) {
        if (format == S3Format.PARQUET) {
            return Parquet.encode(records, gzip); // compressed inside the file
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = gzip ? new GZIPOutputStream(bytes) : bytes;
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            if (format == S3Format.CSV) {
                writeCsv(records, w);
            } else {
                for (Record r : records) {
                    w.write(JSON.writeValueAsString(r.json()));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("encoding an object in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeCsv(List<Record> records, Writer w) throws IOException {
        TreeSet<String> columns = new TreeSet<>();
        records.forEach(r -> r.json().fieldNames().forEachRemaining(columns::add));
        List<String> header = new ArrayList<>(columns);
        Csv.writeLine(header, w);
        List<String> values = new ArrayList<>(header.size());
        for (Record r : records) {
            values.clear();
            for (String c : header) {
                JsonNode v = r.json().get(c);
                values.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : JSON.writeValueAsString(v));
            }
            Csv.writeLine(values, w);
        }
    }
}
