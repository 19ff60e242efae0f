package io.luden.stream.sinks.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The table engine clause of a CREATE TABLE, from Jitsu's {@code engine:} options (carried in the
 * datasource parameters under {@code engine.*}): {@code raw_statement} replaces the clause whole;
 * otherwise {@code ReplacingMergeTree} (replicated with {@code cluster}), {@code PARTITION BY} the
 * {@code partition_fields} (default: month of {@code _timestamp} when the table has it), {@code ORDER BY}
 * the {@code order_fields} (default: the key), {@code PRIMARY KEY} the {@code primary_keys}.
 */
final class TableEngine {
    static final String RAW_STATEMENT = "engine.raw_statement";
    static final String NULLABLE_FIELDS = "engine.nullable_fields";
    /** {@code function(field)} pairs joined by {@code ;}, e.g. {@code toYYYYMM;_timestamp} → {@code toYYYYMM:_timestamp}. */
    static final String PARTITION_FIELDS = "engine.partition_fields";
    static final String ORDER_FIELDS = "engine.order_fields";
    static final String PRIMARY_KEYS = "engine.primary_keys";
    static final Set<String> KEYS = Set.of(RAW_STATEMENT, NULLABLE_FIELDS, PARTITION_FIELDS, ORDER_FIELDS, PRIMARY_KEYS);

    /** The column partitioned by month when no partition_fields are given (Jitsu's default). */
    static final String TIMESTAMP_COLUMN = "_timestamp";
    /**
     * Blocks whose insert_deduplication_token a non-replicated table remembers: a replay of any of the
     * last this many batches is dropped by the engine itself (replicated tables remember 1000 by default).
     */
    static final int DEDUPLICATION_WINDOW = 1000;

    final String rawStatement;
    final List<String> nullableFields;
    /** Each {@code function:field} or just {@code field}. */
    final List<String> partitionFields;
    final List<String> orderFields;
    final List<String> primaryKeys;

    TableEngine(String rawStatement, List<String> nullableFields, List<String> partitionFields,
                List<String> orderFields, List<String> primaryKeys) {
        this.rawStatement = rawStatement;
        this.nullableFields = List.copyOf(nullableFields);
        this.partitionFields = List.copyOf(partitionFields);
        this.orderFields = List.copyOf(orderFields);
        this.primaryKeys = List.copyOf(primaryKeys);
    }

    static final TableEngine DEFAULT = new TableEngine(null, List.of(), List.of(), List.of(), List.of());

    static TableEngine of(Map<String, String> parameters) {
        String raw = parameters.get(RAW_STATEMENT);
        return new TableEngine(raw == null || raw.isBlank() ? null : raw.strip(), list(parameters.get(NULLABLE_FIELDS)),
                list(parameters.get(PARTITION_FIELDS)), list(parameters.get(ORDER_FIELDS)),
                list(parameters.get(PRIMARY_KEYS)));
    }

    /** A comma-separated parameter as a list (empty parts dropped). */
    static List<String> list(String commaSeparated) {
        List<String> out = new ArrayList<>();
        if (commaSeparated != null) {
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** The columns the engine clause needs non-Nullable (sorting and partition keys). */
    List<String> keyColumns(List<String> key, Set<String> columns) {
        List<String> out = new ArrayList<>(orderFields.isEmpty() ? key : orderFields);
        out.addAll(primaryKeys);
        for (String p : partitionColumns(columns)) {
            out.add(field(p));
        }
        return out;
    }

    private List<String> partitionColumns(Set<String> columns) {
        if (!partitionFields.isEmpty()) {
            return partitionFields;
        }
        return columns.contains(TIMESTAMP_COLUMN) ? List.of("toYYYYMM:" + TIMESTAMP_COLUMN) : List.of();
    }

    private static String field(String partition) {
        int colon = partition.indexOf(':');
        return colon < 0 ? partition : partition.substring(colon + 1);
    }

    /**
     * The clause after the column list. {@code key}: the columns rows are unique by (primary_key_fields,
     * else the event id, else none); {@code quote} quotes an identifier; {@code table} names the replica path.
     */
    String clause(String database, String table, List<String> key, Set<String> columns, String cluster,
                  Function<String, String> quote) {
        if (rawStatement != null) {
            return rawStatement;
        }
        StringBuilder sql = new StringBuilder("ENGINE = ");
        if (cluster == null) {
            sql.append("ReplacingMergeTree");
        } else {
            sql.append("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/")
                    .append(literalPart(database)).append('/').append(literalPart(table)).append("', '{replica}')");
        }
        List<String> partition = partitionColumns(columns);
        if (!partition.isEmpty()) {
            StringJoiner p = new StringJoiner(", ", " PARTITION BY (", ")");
            for (String f : partition) {
                int colon = f.indexOf(':');
                p.add(colon < 0 ? quote.apply(f) : function(f.substring(0, colon)) + "(" + quote.apply(f.substring(colon + 1)) + ")");
            }
            sql.append(p);
        }
        List<String> order = orderFields.isEmpty() ? key : orderFields;
        sql.append(" ORDER BY ").append(order.isEmpty() ? "tuple()" : "(" + joined(order, quote) + ")");
        if (!primaryKeys.isEmpty()) {
            sql.append(" PRIMARY KEY (").append(joined(primaryKeys, quote)).append(')');
        }
        // the window also drops an identical block without a token: only where rows are unique by a key anyway
        if (cluster == null && !key.isEmpty()) {
            sql.append(" SETTINGS non_replicated_deduplication_window = ").append(DEDUPLICATION_WINDOW);
        }
        return sql.toString();
    }

    private static String joined(List<String> names, Function<String, String> quote) {
        StringJoiner j = new StringJoiner(", ");
        names.forEach(n -> j.add(quote.apply(n)));
        return j.toString();
    }

    /** A partition function name from the config: a plain identifier only, never SQL. */
    static String function(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("engine.partition_fields function '" + name + "' is not a function name");
        }
        return name;
    }

    /** A name inside the replica path literal: quotes and backslashes escaped. */
    private static String literalPart(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
