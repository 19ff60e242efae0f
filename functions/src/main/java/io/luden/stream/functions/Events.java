package io.luden.stream.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
     * @throws MalformedEventException when the line is not valid JSON or not a JSON object; the
     *     message names what was found and where parsing stopped
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
        return (ObjectNode) node;
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
