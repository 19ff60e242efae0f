package io.luden.stream.sinks.s3;

import java.util.Locale;

/** What an object holds, one of Jitsu's {@code format} values. */
public enum S3Format {
    /** The flattened row: its columns as one JSON object per line. */
    FLAT_JSON("flat_json"),
    /** The event itself ({@code Row.source()}), one JSON object per line. */
    JSON("json"),
    /** A header line with the batch's columns, sorted, then one line per row. */
    CSV("csv"),
    /** The flattened rows as one Parquet file ({@link Parquet}). */
    PARQUET("parquet");

    private final String key;

    S3Format(String key) {
        this.key = key;
    }

    /** The {@code format} value that names it. */
    public String key() {
        return key;
    }

    /** The format named {@code value}; an {@link IllegalArgumentException} naming the choices otherwise. */
    public static S3Format of(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (S3Format f : values()) {
            if (f.key.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + value + "' (expected flat_json, json, csv or parquet)");
    }
}
