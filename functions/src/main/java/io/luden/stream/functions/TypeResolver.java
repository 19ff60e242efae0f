package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Timestamps;
import java.util.Set;

/**
 * The value type of one flattened column (SPEC §8), with the value in the form {@link Field}
 * carries: Boolean, Long, BigDecimal (exact, scale kept) or the original String.
 */
public final class TypeResolver {

    /** Columns that hold times in every event Jitsu produces; anything else there is an error. */
    public static final Set<String> TIMESTAMP_COLUMNS = Set.of(
            "_timestamp", "utc_time", "interval_start", "interval_end",
            "eventn_ctx__timestamp", "eventn_ctx_utc_time", "eventn_ctx_interval_start", "eventn_ctx_interval_end");

    private TypeResolver() {}

    /**
     * Types one value.
     *
     * @param column the flattened column name, used for the always-timestamp rule and in errors
     * @param value a scalar from {@link Flattener} (an array or object is typed as its JSON text)
     * @throws EventRejectedException for an integer beyond the signed 64-bit range, or a value in a
     *     {@link #TIMESTAMP_COLUMNS} column that is not a timestamp
     */
    public static Field resolve(String column, JsonNode value) throws EventRejectedException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new IllegalArgumentException("column " + column + " has no value to type; nulls make no column");
        }
        if (TIMESTAMP_COLUMNS.contains(column)) {
            if (!value.isTextual() || !Timestamps.isTimestamp(value.textValue())) {
                throw new EventRejectedException("column " + column + " must be a timestamp (an RFC 3339 date-time"
                        + " such as 2020-08-02T18:23:56.291383Z), got " + Events.kindOf(value) + " "
                        + Events.toJson(value));
            }
            return new Field(column, DataType.TIMESTAMP, value.textValue());
        }
        if (column.equals(EventIds.ID_COLUMN) && value.isTextual()) {
            // the id is the upsert key: always text, even when an id happens to look like a timestamp
            return new Field(column, DataType.STRING, value.textValue());
        }
        if (value.isBoolean()) {
            return new Field(column, DataType.BOOLEAN, value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new EventRejectedException("column " + column + ": integer " + value.bigIntegerValue()
                        + " is outside the signed 64-bit range [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]");
            }
            return new Field(column, DataType.INTEGER, value.longValue());
        }
        if (value.isNumber()) {
            return new Field(column, DataType.FLOAT, value.decimalValue());
        }
        if (value.isTextual()) {
            String text = value.textValue();
            return new Field(column, Timestamps.isTimestamp(text) ? DataType.TIMESTAMP : DataType.STRING, text);
        }
        return new Field(column, DataType.STRING, Events.toJson(value));
    }
}
