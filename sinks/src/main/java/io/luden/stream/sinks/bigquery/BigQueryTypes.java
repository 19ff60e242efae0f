package io.luden.stream.sinks.bigquery;

import com.google.cloud.bigquery.StandardSQLTypeName;
import io.luden.stream.sinks.DataType;

import java.util.Locale;
import java.util.Map;

/**
 * BigQuery's column types: the SPEC §8 type map (STRING, INT64, FLOAT64, TIMESTAMP, BOOL), explicit
 * types from mappings or {@code __sql_type_} (BigQuery's names and their usual SQL aliases), and how
 * a column's type is checked by {@link io.luden.stream.sinks.ValueConverter}.
 */
final class BigQueryTypes {
    /** SQL names other warehouses (and Jitsu's mappings) use, as BigQuery calls them. */
    private static final Map<String, StandardSQLTypeName> ALIASES = Map.ofEntries(
            Map.entry("INTEGER", StandardSQLTypeName.INT64), Map.entry("INT", StandardSQLTypeName.INT64),
            Map.entry("BIGINT", StandardSQLTypeName.INT64), Map.entry("SMALLINT", StandardSQLTypeName.INT64),
            Map.entry("TINYINT", StandardSQLTypeName.INT64), Map.entry("BYTEINT", StandardSQLTypeName.INT64),
            Map.entry("FLOAT", StandardSQLTypeName.FLOAT64), Map.entry("DOUBLE", StandardSQLTypeName.FLOAT64),
            Map.entry("DOUBLE PRECISION", StandardSQLTypeName.FLOAT64), Map.entry("REAL", StandardSQLTypeName.FLOAT64),
            Map.entry("BOOLEAN", StandardSQLTypeName.BOOL), Map.entry("TEXT", StandardSQLTypeName.STRING),
            Map.entry("VARCHAR", StandardSQLTypeName.STRING), Map.entry("DECIMAL", StandardSQLTypeName.NUMERIC),
            Map.entry("BIGDECIMAL", StandardSQLTypeName.BIGNUMERIC));

    /** Types a flat column can have here; RECORD / STRUCT / ARRAY / RANGE / INTERVAL are never created. */
    private static final java.util.Set<StandardSQLTypeName> CREATABLE = java.util.EnumSet.of(
            StandardSQLTypeName.STRING, StandardSQLTypeName.INT64, StandardSQLTypeName.FLOAT64,
            StandardSQLTypeName.BOOL, StandardSQLTypeName.TIMESTAMP, StandardSQLTypeName.NUMERIC,
            StandardSQLTypeName.BIGNUMERIC, StandardSQLTypeName.DATE, StandardSQLTypeName.DATETIME,
            StandardSQLTypeName.TIME, StandardSQLTypeName.JSON, StandardSQLTypeName.BYTES,
            StandardSQLTypeName.GEOGRAPHY);

    private BigQueryTypes() {}

    /** SPEC §8's type of a value category. */
    static StandardSQLTypeName of(DataType type) {
        switch (type) {
            case BOOLEAN: return StandardSQLTypeName.BOOL;
            case INTEGER: return StandardSQLTypeName.INT64;
            case FLOAT: return StandardSQLTypeName.FLOAT64;
            case TIMESTAMP: return StandardSQLTypeName.TIMESTAMP;
            case STRING: return StandardSQLTypeName.STRING;
            default: throw new IllegalStateException("unhandled type " + type);
        }
    }

    /** An explicit type by its BigQuery name or an alias, or null when BigQuery has no flat type of that name. */
    static StandardSQLTypeName explicit(String sqlType) {
        String name = sqlType.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        StandardSQLTypeName alias = ALIASES.get(name);
        if (alias != null) {
            return alias;
        }
        try {
            StandardSQLTypeName t = StandardSQLTypeName.valueOf(name);
            return CREATABLE.contains(t) ? t : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The names {@link #explicit} takes, for an error message. */
    static String explicitNames() {
        return CREATABLE.stream().map(Enum::name).sorted().collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The value category of a column of {@code type} (as a {@link io.luden.stream.sinks.TableSchema} keeps it,
     * the standard SQL name), or null for a type whose text form BigQuery parses itself (DATE, JSON, …).
     */
    static DataType category(String type) {
        switch (type) {
            case "STRING": return DataType.STRING;
            case "INT64": return DataType.INTEGER;
            case "FLOAT64": case "NUMERIC": case "BIGNUMERIC": return DataType.FLOAT;
            case "BOOL": return DataType.BOOLEAN;
            case "TIMESTAMP": return DataType.TIMESTAMP;
            default: return null;
        }
    }

    /**
     * The type name {@link io.luden.stream.sinks.ValueConverter} checks a value against: its own names for
     * BigQuery's exact decimals (NUMERIC keeps 38 digits with 9 after the point, BIGNUMERIC 76 with 38),
     * so a value is refused rather than rounded.
     */
    static String converterType(String type) {
        switch (type) {
            case "NUMERIC": return "numeric(38,9)";
            case "BIGNUMERIC": return "numeric(76,38)";
            default: return type.toLowerCase(Locale.ROOT);
        }
    }
}
