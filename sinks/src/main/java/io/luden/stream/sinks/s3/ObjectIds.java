package io.luden.stream.sinks.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The event ids an object holds, read from its body whatever format it was written in (JSON lines,
 * CSV with a header, Parquet), gzipped or not — an object of an earlier run may have had another format.
 */
final class ObjectIds {
    private ObjectIds() {}

    /** The id a record carries: {@code eventn_ctx_event_id}, else {@code eventn_ctx.event_id}; null when neither. */
    static String idOf(ObjectNode json) {
        JsonNode id = json.get(ObjectBody.ID_COLUMN);
        if (id == null || !id.isValueNode() || id.isNull()) {
            JsonNode ctx = json.get("eventn_ctx");
            id = ctx == null ? null : ctx.get("event_id");
        }
        return id == null || !id.isValueNode() || id.isNull() ? null : id.asText();
    }

    /** The ids in the object {@code key} whose body is {@code body}; an {@link IOException} when it cannot be read. */
    static List<String> read(String key, byte[] body) throws IOException {
        if (key.endsWith(".parquet")) {
            return Parquet.ids(body);
        }
        byte[] plain = body;
        if (key.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                plain = in.readAllBytes();
            }
        }
        String text = new String(plain, StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            return ids;
        }
        if (trimmed.charAt(0) == '{') {
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = ObjectBody.JSON.readTree(line);
                if (node instanceof ObjectNode o) {
                    String id = idOf(o);
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
            return ids;
        }
        List<List<String>> records = Csv.read(text);
        int column = records.get(0).indexOf(ObjectBody.ID_COLUMN);
        if (column < 0) {
            return ids;
        }
        for (List<String> r : records.subList(1, records.size())) {
            if (column < r.size() && !r.get(column).isEmpty()) {
                ids.add(r.get(column));
            }
        }
        return ids;
    }
}
