package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import java.math.BigDecimal;
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
     * @throws EventRejectedException naming the column and the value that cannot be typed, or a
     *     float without an explicit type that a double cannot hold ({@link #requireDoubleRange})
     */
    public static Row build(String table, String eventId, ObjectNode event, int maxColumnNameLength,
            Map<String, ExplicitSqlType> explicitTypes) throws EventRejectedException {
        LinkedHashMap<String, JsonNode> flat = Flattener.flatten(event);
        List<Field> fields = new ArrayList<>(flat.size());
        if (noNameFolds(flat, maxColumnNameLength)) { // the usual case: each flattened name is its column
            for (Map.Entry<String, JsonNode> entry : flat.entrySet()) {
                fields.add(field(entry.getKey(), entry.getKey(), entry.getValue(), explicitTypes));
            }
            return new Row(table, eventId, fields);
        }
        // folding can merge two names: resolve that on raw values, in event order, so the later key wins
        Map<String, Map.Entry<String, JsonNode>> byColumn = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : flat.entrySet()) {
            String column = ColumnNames.fold(entry.getKey(), maxColumnNameLength);
            byColumn.remove(column);
            byColumn.put(column, entry);
        }
        for (Map.Entry<String, Map.Entry<String, JsonNode>> entry : byColumn.entrySet()) {
            fields.add(field(entry.getKey(), entry.getValue().getKey(), entry.getValue().getValue(), explicitTypes));
        }
        return new Row(table, eventId, fields);
    }

    private static boolean noNameFolds(Map<String, JsonNode> flat, int maxColumnNameLength) {
        for (String name : flat.keySet()) {
            if (!ColumnNames.fold(name, maxColumnNameLength).equals(name)) {
                return false;
            }
        }
        return true;
    }

    private static Field field(String column, String flatName, JsonNode value, Map<String, ExplicitSqlType> explicitTypes)
            throws EventRejectedException {
        Field typed = TypeResolver.resolve(flatName, value);
        ExplicitSqlType explicit = explicitTypes.isEmpty() ? null : explicitTypes.get(flatName);
        if (explicit == null && typed.type() == DataType.FLOAT) {
            requireDoubleRange(flatName, (BigDecimal) typed.value());
        }
        return new Field(column, typed.type(), typed.value(),
                explicit == null ? null : explicit.ddlType(), explicit == null ? null : explicit.castType());
    }

    /**
     * A float without an explicit SQL type goes into a double column: one beyond the double range
     * would become Infinity, one nearer to 0 than the smallest double would become 0. Neither is
     * rounded silently; the event is refused naming the column and the number (an explicit type
     * such as {@code numeric} takes it exactly).
     */
    static void requireDoubleRange(String column, BigDecimal value) throws EventRejectedException {
        double d = value.doubleValue();
        if (Double.isInfinite(d)) {
            throw new EventRejectedException("column " + column + ": number " + value + " is beyond the range of"
                    + " a double (about ±1.8e308); it is never turned into Infinity (give the column an explicit"
                    + " type such as numeric to keep it)");
        }
        if (d == 0 && value.signum() != 0) {
            throw new EventRejectedException("column " + column + ": number " + value + " is nearer to 0 than"
                    + " the smallest double (4.9e-324); it is never rounded to 0 (give the column an explicit"
                    + " type such as numeric to keep it)");
        }
    }
}
