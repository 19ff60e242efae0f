package io.luden.stream.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML into plain maps, lists and {@link Scalar}s. Not Jackson's tree, because that keeps only
 * what YAML made of a scalar ({@code password: 010} would become 8, {@code token: yes} true) and
 * turns an alias ({@code *pw}) into the text of its name. Here every scalar keeps its text as
 * written, aliases of maps and lists are resolved, and {@code <<} merge keys are applied, as Jitsu's
 * Go reader did.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // "spool:" with nothing after it means "no value"; a quoted "" stays an empty string
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    private static final String MERGE_KEY = "<<";

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

    private final YAMLParser parser;
    private final Map<String, Object> anchors = new HashMap<>();

    private YamlTree(YAMLParser parser) {
        this.parser = parser;
    }

    /** The document's root: a map, a list, a scalar, or null for an empty document. */
    static Object read(String text) throws IOException {
        try (YAMLParser p = FACTORY.createParser(text)) {
            return p.nextToken() == null ? null : new YamlTree(p).value();
        }
    }

    private Object value() throws IOException {
        if (parser.isCurrentAlias()) {
            String name = parser.getText();
            if (!anchors.containsKey(name)) {
                // Jackson's parser forgets anchors on single values, so only maps and lists can be reused.
                throw new JsonParseException(parser, "alias *" + name + " names no map or list anchored before it"
                        + " (aliases of single values are not supported; write the value again or use ${env:NAME})");
            }
            return anchors.get(name);
        }
        String anchor = parser.getCurrentAnchor();
        Object value = switch (parser.currentToken()) {
            case START_OBJECT -> map();
            case START_ARRAY -> list();
            case VALUE_NULL -> null;
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), parser.currentToken() == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(parser.getText(), parser.getNumberValue());
            case VALUE_STRING -> new Scalar(parser.getText(), parser.getText());
            // embedded objects and other exotic tokens: report them rather than guess
            default -> throw new JsonParseException(parser, "unexpected YAML element " + parser.currentToken());
        };
        if (anchor != null) {
            anchors.put(anchor, value);
        }
        return value;
    }

    private Map<String, Object> map() throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Object> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonLocation at = parser.currentTokenLocation();
            parser.nextToken();
            Object value = value();
            if (MERGE_KEY.equals(key)) {
                merged.add(value);
            } else if (map.containsKey(key)) {
                throw new DuplicateKeyException(key, at);
            } else {
                map.put(key, value);
            }
        }
        for (Object m : merged) {
            merge(map, m);
        }
        return map;
    }

    /** {@code <<: *base} or {@code <<: [*a, *b]}: keys written in the map itself win, then earlier merges. */
    private void merge(Map<String, Object> into, Object source) throws IOException {
        if (source instanceof List<?> list) {
            for (Object item : list) {
                merge(into, item);
            }
        } else if (source instanceof Map<?, ?> m) {
            m.forEach((k, v) -> into.putIfAbsent((String) k, v));
        } else {
            throw new JsonParseException(parser, "a << merge key needs a map or a list of maps");
        }
    }

    private List<Object> list() throws IOException {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(value());
        }
        return list;
    }
}
