package io.luden.stream.sinks;

/**
 * The loader's cache of table schemas (SPEC §9). In the job it is the keyed {@code MapState} of
 * the destination; the writer only sees this interface, so it stays free of Flink.
 */
public interface SchemaCache {
    /** The cached schema of {@code table}, or null on a miss. */
    TableSchema get(String table) throws Exception;

    void put(String table, TableSchema schema) throws Exception;

    void remove(String table) throws Exception;
}
