package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.jdbc.SqlTypeNames;

import java.util.Locale;
import java.util.Map;

/** SPEC §8's Snowflake types, and the names of Snowflake's reported column types in the form the shared conversion reads. */
public final class SnowflakeTypes {
    /**
     * {@code timestamp_ntz(6)} rather than SPEC's {@code timestamp(6)}: plain TIMESTAMP is an alias that
     * follows the session's TIMESTAMP_TYPE_MAPPING (an account may map it to TIMESTAMP_LTZ), and
     * NTZ is what {@code timestamp(6)} means under Snowflake's default mapping.
     */
    static final Map<DataType, String> TYPES = Map.of(
            DataType.STRING, "text", DataType.INTEGER, "bigint", DataType.FLOAT, "double precision",
            DataType.TIMESTAMP, "timestamp_ntz(6)", DataType.BOOLEAN, "boolean");

    /** VARCHAR's maximum length: a TEXT column. */
    static final long MAX_TEXT = 16_777_216L;

    private SnowflakeTypes() {}

    /**
     * A column's type from information_schema.columns, as a type Snowflake casts to: {@code TEXT} /
     * {@code VARCHAR(n)}; {@code BIGINT} for NUMBER(38,0) (its exact synonym), {@code NUMBER(p,0)} for other integers and {@code DECIMAL(p,s)} for decimals (the
     * shared conversion reads a decimal's scale from {@code decimal(p,s)} and refuses, never rounds,
     * extra digits — Snowflake itself rounds them); {@code DOUBLE PRECISION} for FLOAT; {@code TIMESTAMP_NTZ(p)} etc.
     */
    public static String render(String dataType, Long length, Long precision, Long scale, Long fraction) {
        String t = dataType.strip().toUpperCase(Locale.ROOT);
        switch (t) {
            case "TEXT":
                return length == null || length >= MAX_TEXT ? "TEXT" : "VARCHAR(" + length + ")";
            case "NUMBER":
                long p = precision == null ? 38 : precision;
                long s = scale == null ? 0 : scale;
                if (s == 0) {
                    return p == 38 ? "BIGINT" : "NUMBER(" + p + ",0)"; // BIGINT, INT, INTEGER … are NUMBER(38,0)
                }
                return "DECIMAL(" + p + "," + s + ")";
            case "TIMESTAMP_NTZ":
            case "TIMESTAMP_LTZ":
            case "TIMESTAMP_TZ":
                return t + "(" + (fraction == null ? 9 : fraction) + ")";
            case "FLOAT":
                return "DOUBLE PRECISION"; // Snowflake's FLOAT, DOUBLE, REAL … are all 64-bit
            default:
                return t; // FLOAT, BOOLEAN, DATE, TIME, VARIANT, ARRAY, OBJECT, BINARY, GEOGRAPHY …
        }
    }

    /** What a Snowflake type holds: NUMBER(p,0) is an integer, NUMBER/DECIMAL with a scale a decimal. */
    public static DataType category(String sqlType) {
        if (sqlType == null) {
            return null;
        }
        String base = SqlTypeNames.base(sqlType);
        if (base.equals("number") || base.equals("decimal") || base.equals("numeric")) {
            int scale = scale(sqlType);
            return scale <= 0 ? DataType.INTEGER : DataType.FLOAT;
        }
        if (base.equals("datetime")) {
            return DataType.TIMESTAMP;
        }
        if (base.equals("timestamp_tz") || base.equals("timestamp_ltz") || base.equals("timestamp_ntz")) {
            return DataType.TIMESTAMP;
        }
        return SqlTypeNames.category(sqlType);
    }

    /** Scale of {@code number(p,s)} / {@code decimal(p,s)}; 0 when only a precision or nothing is given. */
    private static int scale(String sqlType) {
        String s = sqlType.replace(" ", "");
        int comma = s.indexOf(',');
        int close = s.indexOf(')');
        if (comma < 0 || close < comma) {
            return 0;
        }
        return Integer.parseInt(s.substring(comma + 1, close));
    }
}
