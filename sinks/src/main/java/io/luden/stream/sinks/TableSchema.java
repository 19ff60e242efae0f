package io.luden.stream.sinks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the warehouse has for one table: its columns with their SQL types (as the warehouse reports
 * them), its primary key and its unique keys. Kept in the loader's keyed state as a Flink POJO.
 */
public class TableSchema {
    /** Table name (unqualified). */
    public String table;
    /** Column name → SQL type as reported by the warehouse (e.g. {@code bigint}, {@code VARCHAR}). */
    public Map<String, String> columns = new HashMap<>();
    /** Primary key columns in key order; empty when the table has none. */
    public List<String> primaryKey = new ArrayList<>();
    /** Unique keys other than the primary key, each as its columns joined by {@code ","}. */
    public List<String> uniqueKeys = new ArrayList<>();

    public TableSchema() {}

    public TableSchema(String table, Map<String, String> columns, List<String> primaryKey, List<String> uniqueKeys) {
        this.table = table;
        this.columns = new HashMap<>(columns);
        this.primaryKey = new ArrayList<>(primaryKey);
        this.uniqueKeys = new ArrayList<>(uniqueKeys);
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    /** True when {@code keyColumns}, in any order, are exactly the primary key or one unique key. */
    public boolean hasKey(List<String> keyColumns) {
        List<String> wanted = new ArrayList<>(keyColumns);
        wanted.sort(null);
        if (sortedEquals(primaryKey, wanted)) {
            return true;
        }
        for (String uk : uniqueKeys) {
            if (sortedEquals(List.of(uk.split(",", -1)), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sortedEquals(List<String> a, List<String> sortedB) {
        List<String> s = new ArrayList<>(a);
        s.sort(null);
        return !s.isEmpty() && s.equals(sortedB);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TableSchema)) {
            return false;
        }
        TableSchema t = (TableSchema) o;
        return Objects.equals(table, t.table) && Objects.equals(columns, t.columns)
                && Objects.equals(primaryKey, t.primaryKey) && Objects.equals(uniqueKeys, t.uniqueKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, columns, primaryKey, uniqueKeys);
    }

    @Override
    public String toString() {
        return table + columns + (primaryKey.isEmpty() ? "" : " pk" + primaryKey)
                + (uniqueKeys.isEmpty() ? "" : " unique" + uniqueKeys);
    }
}
