package io.luden.stream.functions.js;

import io.luden.stream.functions.ColumnNames;
import io.luden.stream.functions.EventRejectedException;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.ExplicitSqlType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explicit SQL types a row declares for itself (SPEC §7): a property {@code __sql_type_<column>}
 * holding {@code "type"} (DDL type and cast) or {@code ["cast type", "DDL type"]} (one element: both),
 * also inside nested objects ({@code {nested: {__sql_type_n: "int"}}} types {@code nested_n}).
 * Plain Java: usable for any row, with or without a transform.
 */
public final class SqlTypeHints {

    /** The property prefix, as Jitsu spells it. */
    public static final String PREFIX = "__sql_type_";

    private SqlTypeHints() {}

    /**
     * Removes every {@code __sql_type_} property from the row (nested ones too) and returns the
     * types keyed by flattened column name, the way {@link io.luden.stream.functions.RowBuilder}
     * looks them up (before folding).
     *
     * @throws EventRejectedException naming the property when its value is not a non-empty string
     *     or an array of one or two of them
     */
    public static Map<String, ExplicitSqlType> extract(ObjectNode row) throws EventRejectedException {
        Map<String, ExplicitSqlType> types = new LinkedHashMap<>();
        extract("", "", row, types);
        return types;
    }

    private static void extract(String columnPrefix, String path, ObjectNode object, Map<String, ExplicitSqlType> into)
            throws EventRejectedException {
        List<String> hints = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String key = field.getKey();
            if (key.startsWith(PREFIX)) {
                hints.add(key);
            } else if (field.getValue() instanceof ObjectNode) {
                String column = columnPrefix + ColumnNames.sanitize(key);
                extract(column + "_", path + key + ".", (ObjectNode) field.getValue(), into);
            }
        }
        for (String key : hints) {
            String column = columnPrefix + ColumnNames.sanitize(key.substring(PREFIX.length()));
            into.put(column, type(path + key, object.remove(key)));
        }
    }

    private static ExplicitSqlType type(String key, JsonNode value) throws EventRejectedException {
        if (value.isTextual() && !value.textValue().isBlank()) {
            return ExplicitSqlType.of(value.textValue());
        }
        if (value.isArray() && (value.size() == 1 || value.size() == 2) && allTypes(value)) {
            String cast = value.get(0).textValue();
            String ddl = value.get(value.size() - 1).textValue();
            return new ExplicitSqlType(ddl, cast);
        }
        throw new EventRejectedException("explicit SQL type " + key + " = " + Events.toJson(value)
                + ": expected a type such as \"bigint\" or [\"cast type\", \"DDL type\"]");
    }

    private static boolean allTypes(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual() || element.textValue().isBlank()) {
                return false;
            }
        }
        return true;
    }
}
