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
            if (explicit == null && typed.type() == DataType.FLOAT) {
                requireDoubleRange(flatName, (BigDecimal) typed.value());
            }
            fields.add(new Field(entry.getKey(), typed.type(), typed.value(),
                    explicit == null ? null : explicit.ddlType(), explicit == null ? null : explicit.castType()));
        }
        return new Row(table, eventId, fields);
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
