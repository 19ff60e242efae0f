package io.luden.stream.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON setup of the pipeline: events are Jackson trees whose numbers keep their exact JSON
 * form. Integers become int/long/BigInteger nodes by size; numbers with a fraction or exponent
 * become {@link java.math.BigDecimal} nodes with their scale, so {@code 1.0} is read as 1.0 (a
 * float, SPEC §8) and written back as {@code 1.0}.
 */
public final class Events {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // without it Jackson strips trailing zeros and 1.0 would come back as 1
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Events() {}

    /** The shared mapper; configured once here so every step reads and writes numbers the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses one spool line into an event.
     *
     * @throws MalformedEventException when the line is not valid JSON or not a JSON object, or a
     *     key or string holds an unpaired surrogate escape ({@code "\\ud800"}: valid JSON grammar,
     *     but no Unicode text — written as UTF-8 it would silently become {@code ?}); the message
     *     names what was found and where
     */
    public static ObjectNode parse(String line) throws MalformedEventException {
        if (line == null || line.isBlank()) {
            throw new MalformedEventException("empty line: expected a JSON object", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("invalid JSON: " + describe(e), e);
        }
        if (!(node instanceof ObjectNode)) {
            throw new MalformedEventException("not a JSON object: the line holds a JSON "
                    + kindOf(node) + ", an event must be an object {...}", null);
        }
        // only a \\u escape can make a lone surrogate: the line itself is decoded UTF-8
        if (line.indexOf("\\u") >= 0) {
            String where = loneSurrogate(node, "");
            if (where != null) {
                throw new MalformedEventException("invalid JSON: " + where + " holds an unpaired surrogate escape"
                        + " (\\ud800-\\udfff without its pair), which is not Unicode text", null);
            }
        }
        return (ObjectNode) node;
    }

    /** Where in {@code node} a key or string holds an unpaired UTF-16 surrogate ("the key …" / "the value at …"), or null. */
    private static String loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.textValue()) ? "the value at " + (path.isEmpty() ? "/" : path) : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "/" + field.getKey();
                if (hasLoneSurrogate(field.getKey())) {
                    return "the key at " + child;
                }
                String found = loneSurrogate(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogate(node.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Compact JSON of a node (an event, or a value of one), numbers in their kept form. */
    public static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree built from JSON always serialises; reaching here is a bug, not bad input
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** A readable name of a node's JSON kind, for error messages. */
    public static String kindOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        switch (node.getNodeType()) {
            case ARRAY: return "array";
            case OBJECT: return "object";
            case STRING: return "string";
            case NUMBER: return node.isIntegralNumber() ? "integer" : "float";
            case BOOLEAN: return "boolean";
            case NULL: return "null";
            default: return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            message += " (at column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
