package io.luden.stream.sinks;

import java.util.List;

/** Makes the {@link BatchWriter} of a destination from its settings. */
public final class BatchWriters {
    private BatchWriters() {}

    /**
     * The writer of a destination of {@code settings.type()}: a {@code BigQueryWriter} for {@code bigquery}, a
     * {@link Warehouse} for every type with a SQL {@link Dialect}. An {@link IllegalArgumentException} naming the supported types otherwise.
     */
    public static BatchWriter create(ConnectionSettings settings, List<String> primaryKeyFields, int maxColumns) {
        switch (settings.type()) {
            case "bigquery":
                return new io.luden.stream.sinks.bigquery.BigQueryWriter(settings, maxColumns);
            default:
                return new Warehouse(settings, primaryKeyFields, maxColumns);
        }
    }
}
