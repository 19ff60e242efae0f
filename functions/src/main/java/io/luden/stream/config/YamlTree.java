package io.luden.stream.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into plain maps, lists and {@link Scalar}s. Not Jackson's tree, because that keeps only
 * what YAML made of a scalar: {@code password: 010} would become 8 and {@code token: yes} true.
 * Here every scalar keeps its text as written.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // "spool:" with nothing after it means "no value"; a quoted "" stays an empty string
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    /** A scalar as written in the file, and what YAML made of it (String, Number or Boolean). */
    record Scalar(String raw, Object value) {}

    /** A key written twice in one map: a mistake, not "the last one wins". */
    static final class DuplicateKeyException extends IOException {
        private static final long serialVersionUID = 1L;
        final transient JsonLocation location;

        DuplicateKeyException(String key, JsonLocation location) {
            super("duplicate key '" + key + "'");
            this.location = location;
        }
    }

    private YamlTree() {}

    /** The document's root: a map, a list, a scalar, or null for an empty document. */
    static Object read(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            return first == null ? null : value(p);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation at = p.currentTokenLocation();
                    p.nextToken();
                    if (map.containsKey(key)) {
                        throw new DuplicateKeyException(key, at);
                    }
                    map.put(key, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Scalar(p.getText(), t == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Scalar(p.getText(), p.getNumberValue());
            case VALUE_STRING:
                return new Scalar(p.getText(), p.getText());
            default:
                // embedded objects and other exotic tokens: report them rather than guess
                throw new JsonParseException(p, "unexpected YAML element " + t);
        }
    }
}
