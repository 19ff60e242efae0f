package io.luden.stream.sinks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One column value of a row.
 *
 * <p>{@code value} keeps the event's own JSON form: {@link Boolean} for BOOLEAN, {@link Long} for
 * INTEGER, {@link BigDecimal} for FLOAT (scale kept, so {@code 1.0} stays {@code 1.0}), and the
 * original {@link String} for STRING and TIMESTAMP. {@code sqlType} is an explicit SQL type
 * (mapping {@code column_type} or {@code __sql_type_}) or null to use the dialect's type map;
 * {@code castType} is what the INSERT placeholder is cast to, or null.
 */
public final class Field implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String column;
    private final DataType type;
    private final Object value;
    private final String sqlType;
    private final String castType;

    public Field(String column, DataType type, Object value) {
        this(column, type, value, null, null);
    }

    public Field(String column, DataType type, Object value, String sqlType, String castType) {
        this.column = Objects.requireNonNull(column, "column");
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        this.sqlType = sqlType;
        this.castType = castType;
    }

    public String column() {
        return column;
    }

    public DataType type() {
        return type;
    }

    public Object value() {
        return value;
    }

    /** Explicit DDL type for this column, or null. */
    public String sqlType() {
        return sqlType;
    }

    /** Explicit cast for the INSERT placeholder, or null. */
    public String castType() {
        return castType;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Field)) {
            return false;
        }
        Field f = (Field) o;
        return column.equals(f.column) && type == f.type && value.equals(f.value)
                && Objects.equals(sqlType, f.sqlType) && Objects.equals(castType, f.castType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, type, value, sqlType, castType);
    }

    @Override
    public String toString() {
        return column + ":" + type + "=" + value + (sqlType == null ? "" : " (" + sqlType + ")");
    }
}
