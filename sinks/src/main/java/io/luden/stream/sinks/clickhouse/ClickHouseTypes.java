package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.DataType;

import java.util.Locale;

/** ClickHouse type names: what a column holds, and the value type inside Nullable / LowCardinality. */
final class ClickHouseTypes {
    private ClickHouseTypes() {}

    /** {@code Nullable(LowCardinality(String))} → {@code String}: the type a value converts to. */
    static String valueType(String type) {
        String t = type.strip();
        while (true) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("nullable(") && t.endsWith(")")) {
                t = t.substring("nullable(".length(), t.length() - 1).strip();
            } else if (lower.startsWith("lowcardinality(") && t.endsWith(")")) {
                t = t.substring("lowcardinality(".length(), t.length() - 1).strip();
            } else {
                return t;
            }
        }
    }

    /**
     * String/FixedString → STRING; (U)Int8…256 → INTEGER; Float32/64, Decimal… → FLOAT; DateTime,
     * DateTime64 → TIMESTAMP; Bool → BOOLEAN; others (Date, UUID, Enum, arrays, …) null: the database
     * checks their text.
     */
    static DataType category(String sqlType) {
        if (sqlType == null) {
            return null;
        }
        String t = valueType(sqlType).toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        String base = (paren < 0 ? t : t.substring(0, paren)).strip();
        if (base.equals("string") || base.equals("fixedstring") || base.equals("text") || base.equals("varchar")) {
            return DataType.STRING;
        }
        if (base.matches("u?int(8|16|32|64|128|256)") || base.equals("bigint") || base.equals("int")
                || base.equals("integer") || base.equals("smallint") || base.equals("tinyint")) {
            return DataType.INTEGER;
        }
        if (base.equals("float32") || base.equals("float64") || base.startsWith("decimal") || base.equals("double")
                || base.equals("float") || base.equals("real") || base.equals("numeric")) {
            return DataType.FLOAT;
        }
        if (base.equals("datetime") || base.equals("datetime64") || base.equals("timestamp")) {
            return DataType.TIMESTAMP;
        }
        if (base.equals("bool") || base.equals("boolean")) {
            return DataType.BOOLEAN;
        }
        return null;
    }
}
