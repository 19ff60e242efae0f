package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC §1 step 4: one event (after the transform) → the row header of its table: flattened,
 * named for the destination, typed.
 */
public final class RowBuilder {

    private RowBuilder() {}

    /** {@link #build(String, String, ObjectNode, int, Map)} without explicit SQL types. */
    public static Row build(String table, String eventId, ObjectNode event, int maxColumnNameLength)
            throws EventRejectedException {
        return build(table, eventId, event, maxColumnNameLength, Map.of());
    }

    /**
     * Builds the row of one event.
     *
     * @param maxColumnNameLength the destination's identifier limit; longer names are folded by
     *     {@link ColumnNames#fold}; {@code <= 0} means no limit
     * @param explicitTypes SQL types configured per flattened column name (before folding); they
     *     become the fields' sqlType/castType
     * @throws EventRejectedException naming the column and the value that cannot be typed
     */
    public static Row build(String table, String eventId, ObjectNode event, int maxColumnNameLength,
            Map<String, ExplicitSqlType> explicitTypes) throws EventRejectedException {
        // folding can merge two names: resolve that on raw values, in event order, so the later key wins
        Map<String, Map.Entry<String, JsonNode>> byColumn = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> flat : Flattener.flatten(event).entrySet()) {
            String column = ColumnNames.fold(flat.getKey(), maxColumnNameLength);
            byColumn.remove(column);
            byColumn.put(column, flat);
        }
        List<Field> fields = new ArrayList<>(byColumn.size());
        for (Map.Entry<String, Map.Entry<String, JsonNode>> entry : byColumn.entrySet()) {
            String flatName = entry.getValue().getKey();
            Field typed = TypeResolver.resolve(flatName, entry.getValue().getValue());
            ExplicitSqlType explicit = explicitTypes.get(flatName);
            fields.add(new Field(entry.getKey(), typed.type(), typed.value(),
                    explicit == null ? null : explicit.ddlType(), explicit == null ? null : explicit.castType()));
        }
        return new Row(table, eventId, fields);
    }
}
