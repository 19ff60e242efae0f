package io.luden.stream.functions.mapping;

import java.io.Serializable;
import java.util.Objects;

/**
 * One {@code data_layout.mappings.fields} entry (SPEC §7): {@code {src, dst, action, type,
 * column_type, value}}. {@code valueJson} is the constant's value as JSON text (null when absent).
 */
public final class MappingRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Action {
        MOVE, REMOVE, CAST, CONSTANT;

        /** The action of a config value ({@code move}, {@code remove}, {@code cast}, {@code constant}; any case). */
        public static Action of(String name) {
            if (name != null) {
                for (Action a : values()) {
                    if (a.configName().equalsIgnoreCase(name.strip())) {
                        return a;
                    }
                }
            }
            throw new IllegalArgumentException("unknown mapping action '" + name
                    + "', expected one of move, remove, cast, constant");
        }

        /** The name in the config: {@code move}, {@code remove}, {@code cast}, {@code constant}. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Action action;
    private final String src;
    private final String dst;
    private final String type;
    private final String columnType;
    private final String valueJson;

    public MappingRule(Action action, String src, String dst, String type, String columnType, String valueJson) {
        this.action = Objects.requireNonNull(action, "action");
        this.src = src;
        this.dst = dst;
        this.type = type;
        this.columnType = columnType;
        this.valueJson = valueJson;
    }

    /** {@code src -> dst}, moving the value. */
    public static MappingRule move(String src, String dst) {
        return new MappingRule(Action.MOVE, src, dst, null, null, null);
    }

    /** {@code src -> (type) dst}: moves the value and declares the SQL type of {@code dst}. */
    public static MappingRule move(String src, String dst, String type) {
        return new MappingRule(Action.MOVE, src, dst, type, null, null);
    }

    /** {@code src ->}: the value is removed. */
    public static MappingRule remove(String src) {
        return new MappingRule(Action.REMOVE, src, null, null, null, null);
    }

    /** Declares the SQL type of {@code dst} (cast on INSERT; DDL {@code columnType}, else {@code type}). */
    public static MappingRule cast(String dst, String type, String columnType) {
        return new MappingRule(Action.CAST, null, dst, type, columnType, null);
    }

    /** Sets {@code valueJson} (JSON text: {@code "x"}, {@code 1}, {@code {"a":1}}) at {@code dst}. */
    public static MappingRule constant(String dst, String valueJson) {
        return new MappingRule(Action.CONSTANT, null, dst, null, null, valueJson);
    }

    public Action action() { return action; }
    public String src() { return src; }
    public String dst() { return dst; }
    /** SQL type used as the INSERT cast (and DDL type unless {@link #columnType()} is set); may be null. */
    public String type() { return type; }
    /** DDL type of the column; null → {@link #type()}. */
    public String columnType() { return columnType; }
    public String valueJson() { return valueJson; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MappingRule)) {
            return false;
        }
        MappingRule r = (MappingRule) o;
        return action == r.action && Objects.equals(src, r.src) && Objects.equals(dst, r.dst)
                && Objects.equals(type, r.type) && Objects.equals(columnType, r.columnType)
                && Objects.equals(valueJson, r.valueJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, src, dst, type, columnType, valueJson);
    }

    @Override
    public String toString() {
        String from = action == Action.CONSTANT ? valueJson : src;
        return action.configName() + " " + (from == null ? "" : from + " ") + "-> "
                + (type == null ? "" : "(" + type + (columnType == null ? "" : "; column " + columnType) + ") ")
                + (dst == null ? "" : dst);
    }
}
