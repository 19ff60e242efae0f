package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.SchemaCache;
import io.luden.stream.sinks.TableSchema;

import java.util.HashMap;
import java.util.Map;

/** A {@link SchemaCache} in a HashMap, standing in for the loader's keyed MapState. */
public final class MapSchemaCache implements SchemaCache {
    private final Map<String, TableSchema> schemas = new HashMap<>();

    @Override
    public TableSchema get(String table) {
        return schemas.get(table);
    }

    @Override
    public void put(String table, TableSchema schema) {
        schemas.put(table, schema);
    }

    @Override
    public void remove(String table) {
        schemas.remove(table);
    }

    public Map<String, TableSchema> asMap() {
        return schemas;
    }
}
