package io.luden.stream.functions.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.JsonPath;
import io.luden.stream.functions.mapping.MappingRule.Action;
import io.luden.stream.sinks.jdbc.SqlTypeNames;

import java.io.Serializable;
import java.util.List;

/** {@code data_layout.mappings}: the rules, and whether fields no rule moves are kept. */
public final class Mappings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the rules sit in a destination's config, for error messages. */
    public static final String CONFIG_KEY = "data_layout.mappings.fields";

    private final boolean keepUnmapped;
    private final List<MappingRule> fields;

    public Mappings(boolean keepUnmapped, List<MappingRule> fields) {
        this.keepUnmapped = keepUnmapped;
        this.fields = List.copyOf(fields);
    }

    /**
     * Jitsu's legacy form: {@code data_layout.mapping: ["/a -> /b", "/a -> (integer) /b", "/a ->"]}
     * with {@code mapping_type: strict} ({@code strict} true) meaning keep_unmapped false. Validated.
     *
     * @throws IllegalArgumentException naming the line (by index and text) that is malformed
     */
    public static Mappings fromLegacy(List<String> lines, boolean strict) {
        return LegacyMapping.parse(lines, strict).validate(LegacyMapping.CONFIG_KEY);
    }

    public boolean keepUnmapped() { return keepUnmapped; }
    public List<MappingRule> fields() { return fields; }

    /**
     * Checks every rule as Jitsu does, plus what Jitsu only found per event: src required except for
     * constant and cast; type required for cast; dst required except for remove; paths well-formed;
     * a constant's value valid JSON; types plain SQL type names.
     *
     * @return this
     * @throws IllegalArgumentException naming {@code data_layout.mappings.fields[i]}, the rule and the field
     */
    public Mappings validate() {
        return validate(CONFIG_KEY);
    }

    Mappings validate(String configKey) {
        for (int i = 0; i < fields.size(); i++) {
            MappingRule rule = fields.get(i);
            String where = configKey + "[" + i + "] (" + rule + ")";
            Action action = rule.action();
            if (isBlank(rule.src())) {
                if (action == Action.MOVE || action == Action.REMOVE) {
                    throw new IllegalArgumentException(where + ": src is required for action " + action.configName());
                }
            } else {
                checkPath(where, "src", rule.src());
            }
            if (isBlank(rule.dst())) {
                if (action != Action.REMOVE) {
                    throw new IllegalArgumentException(where + ": dst is required for action " + action.configName());
                }
            } else {
                checkPath(where, "dst", rule.dst());
            }
            if (action == Action.CAST && isBlank(rule.type())) {
                throw new IllegalArgumentException(where + ": type is required for action cast");
            }
            checkType(where, "type", rule.type());
            checkType(where, "column_type", rule.columnType());
            if (rule.valueJson() != null) {
                try {
                    Events.mapper().readTree(rule.valueJson());
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(where + ": value is not valid JSON: " + rule.valueJson(), e);
                }
            }
        }
        return this;
    }

    private static void checkPath(String where, String field, String path) {
        try {
            JsonPath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + field + ": " + e.getMessage(), e);
        }
    }

    // types reach DDL and INSERT text: refuse anything but a type name at start-up, not per event
    private static void checkType(String where, String field, String type) {
        if (type != null && !SqlTypeNames.isSafe(type)) {
            throw new IllegalArgumentException(where + ": " + field + " '" + type + "' is not a plain SQL type name");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mappings && keepUnmapped == ((Mappings) o).keepUnmapped && fields.equals(((Mappings) o).fields);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(keepUnmapped) * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return "mappings{keep_unmapped=" + keepUnmapped + ", fields=" + fields + "}";
    }
}
