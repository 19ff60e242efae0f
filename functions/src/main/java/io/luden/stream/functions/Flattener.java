package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flattens an event into columns (SPEC §8): nested objects become {@code parent_child} columns,
 * every key sanitised by {@link ColumnNames#sanitize}; arrays become their compact JSON text;
 * null values and empty objects produce no column.
 */
public final class Flattener {

    private Flattener() {}

    /**
     * Column name → scalar value (a text node for arrays), in the order the winning values appear
     * in the event. Two keys that become the same column: the later key in the event wins.
     */
    public static LinkedHashMap<String, JsonNode> flatten(ObjectNode event) {
        LinkedHashMap<String, JsonNode> columns = new LinkedHashMap<>();
        flatten("", event, columns);
        return columns;
    }

    private static void flatten(String prefix, ObjectNode object, LinkedHashMap<String, JsonNode> into) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = ColumnNames.sanitize(entry.getKey());
            String column = prefix.isEmpty() ? name : prefix + "_" + name;
            JsonNode value = entry.getValue();
            if (value == null || value.isNull() || value.isMissingNode()) {
                continue;
            }
            if (value.isObject()) {
                flatten(column, (ObjectNode) value, into);
            } else {
                // remove first: the iteration order then says which key came last, for later folding
                into.remove(column);
                into.put(column, value.isArray() ? TextNode.valueOf(Events.toJson(value)) : value);
            }
        }
    }
}
