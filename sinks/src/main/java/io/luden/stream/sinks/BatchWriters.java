package io.luden.stream.sinks;

import io.luden.stream.sinks.s3.S3Settings;
import io.luden.stream.sinks.s3.S3Writer;

import java.util.List;

/** Makes the {@link BatchWriter} of a destination from its settings. */
public final class BatchWriters {
    private BatchWriters() {}

    /**
     * The writer of a destination of {@code settings.type()}: a {@code BigQueryWriter} for {@code bigquery},
     * objects in a bucket for {@code s3}, a {@link Warehouse} for every type with a SQL {@link Dialect}. An
     * {@link IllegalArgumentException} naming the supported types otherwise.
     */
    public static BatchWriter create(ConnectionSettings settings, List<String> primaryKeyFields, int maxColumns) {
        switch (settings.type()) {
            case "bigquery":
                return new io.luden.stream.sinks.bigquery.BigQueryWriter(settings, maxColumns);
            case "s3":
                return new S3Writer(S3Settings.of(settings));
            default:
                return new Warehouse(settings, primaryKeyFields, maxColumns);
        }
    }
}
