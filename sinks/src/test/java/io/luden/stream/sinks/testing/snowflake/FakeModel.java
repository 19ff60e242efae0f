package io.luden.stream.sinks.testing.snowflake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake's tables: one database of schemas of tables, names as Snowflake stores them (unquoted
 * identifiers upper-cased). Keys are only recorded, never enforced — as in Snowflake. Every access
 * holds the model's monitor (the engine runs one statement at a time).
 */
public final class FakeModel {
    /** A table: its columns in order, its rows (stored name → value), its declared keys. */
    public static final class Table {
        final LinkedHashMap<String, FakeType> columns = new LinkedHashMap<>();
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final List<List<String>> uniqueKeys = new ArrayList<>();
        final java.util.Set<String> notNull = new java.util.HashSet<>();

        /** A copy of the rows (stored column name → value: String, BigDecimal, Double, Boolean, LocalDateTime …). */
        public List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            rows.forEach(r -> out.add(new LinkedHashMap<>(r)));
            return out;
        }

        /** Column → type as Snowflake reports it ({@code NUMBER(38,0)}, {@code TIMESTAMP_NTZ(6)} …). */
        public Map<String, String> columnTypes() {
            Map<String, String> out = new LinkedHashMap<>();
            columns.forEach((k, v) -> out.put(k, v.toString()));
            return out;
        }

        public List<String> primaryKey() {
            return List.copyOf(primaryKey);
        }

        public List<List<String>> uniqueKeys() {
            return List.copyOf(uniqueKeys);
        }
    }

    final Map<String, Map<String, Table>> schemas = new TreeMap<>();

    FakeModel() {
        schemas.put("PUBLIC", new TreeMap<>());
    }

    /** The table as stored, or null. */
    public synchronized Table table(String schema, String table) {
        Map<String, Table> s = schemas.get(schema);
        return s == null ? null : s.get(table);
    }

    Map<String, Table> schema(String name) {
        Map<String, Table> s = schemas.get(name);
        if (s == null) {
            throw FakeError.notFound("Schema '" + name + "'");
        }
        return s;
    }

    Table existing(String schema, String table) {
        Table t = schema(schema).get(table);
        if (t == null) {
            throw FakeError.notFound("Table '" + schema + "." + table + "'");
        }
        return t;
    }
}
