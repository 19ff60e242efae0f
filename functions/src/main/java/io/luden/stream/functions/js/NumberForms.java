package io.luden.stream.functions.js;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Gives numbers that came back from JavaScript unchanged their original JSON form: JavaScript
 * sees {@code 1.0} as {@code 1} and {@code 2^60+1} as {@code 2^60}, which would type a float column
 * as an integer or change an id. A number equal (as a double) to the number at the same path of
 * the event is taken from the event.
 */
final class NumberForms {

    private NumberForms() {}

    static void restore(ObjectNode original, ObjectNode row) {
        Iterator<Map.Entry<String, JsonNode>> fields = row.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = original.get(field.getKey());
            if (before != null) {
                JsonNode kept = restored(before, field.getValue());
                if (kept != field.getValue()) {
                    field.setValue(kept);
                }
            }
        }
    }

    private static JsonNode restored(JsonNode before, JsonNode after) {
        if (after.isNumber() && before.isNumber()) {
            return before.doubleValue() == after.doubleValue() ? before : after;
        }
        if (after instanceof ObjectNode && before instanceof ObjectNode) {
            restore((ObjectNode) before, (ObjectNode) after);
        } else if (after instanceof ArrayNode && before instanceof ArrayNode) {
            ArrayNode items = (ArrayNode) after;
            for (int i = 0; i < Math.min(items.size(), before.size()); i++) {
                JsonNode kept = restored(before.get(i), items.get(i));
                if (kept != items.get(i)) {
                    items.set(i, kept);
                }
            }
        }
        return after;
    }
}
