package io.luden.stream.functions.mapping;

import java.io.Serializable;
import java.util.Objects;

/**
 * One {@code data_layout.mappings.fields} entry (SPEC §7): {@code {src, dst, action, type,
 * column_type, value}}. {@code valueJson} is the constant's value as JSON text (null when absent).
 */
public final class MappingRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public enum Action { MOVE, REMOVE, CAST, CONSTANT }

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
        return action + " " + src + " -> " + dst + (type == null ? "" : " (" + type + ")");
    }
}
