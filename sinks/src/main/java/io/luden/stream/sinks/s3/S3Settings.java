package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.ConnectionSettings;

import java.time.Duration;
import java.util.Map;

/**
 * A {@code type: s3} destination's settings, read from its {@link ConnectionSettings}: the access key
 * pair is {@code username} / {@code password} (so it is never logged), everything else a parameter.
 * The configuration parser checked them already; this only reads them back.
 */
public record S3Settings(String bucket, String region, String endpoint, String folder, S3Format format,
                         boolean gzip, String accessKeyId, String secretAccessKey, Duration dedupWindow) {
    public static final String BUCKET = "bucket";
    public static final String REGION = "region";
    public static final String ENDPOINT = "endpoint";
    public static final String FOLDER = "folder";
    public static final String FORMAT = "format";
    public static final String COMPRESSION = "compression";
    public static final String DEDUP_WINDOW = "dedup_window";
    /** Region of a custom {@code endpoint} without one: any value signs, S3-compatible servers ignore it. */
    public static final String DEFAULT_ENDPOINT_REGION = "us-east-1";
    /** How far back from a table's newest object a (re)opened writer reads which events are there already. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);

    public static S3Settings of(ConnectionSettings settings) {
        Map<String, String> p = settings.parameters();
        String bucket = p.get(BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("s3: no bucket");
        }
        String endpoint = blankToNull(p.get(ENDPOINT));
        String region = blankToNull(p.get(REGION));
        if (region == null) {
            if (endpoint == null) {
                throw new IllegalArgumentException("s3: no region (needed without an endpoint)");
            }
            region = DEFAULT_ENDPOINT_REGION;
        }
        String folder = blankToNull(p.get(FOLDER));
        if (folder != null) {
            folder = folder.replaceAll("^/+|/+$", "");
            folder = folder.isEmpty() ? null : folder;
        }
        S3Format format = S3Format.of(p.getOrDefault(FORMAT, S3Format.FLAT_JSON.key()));
        String compression = blankToNull(p.get(COMPRESSION));
        boolean gzip = compression != null && compression.equalsIgnoreCase("gzip");
        if (compression != null && !gzip) {
            throw new IllegalArgumentException("s3: unknown compression '" + compression + "' (expected gzip)");
        }
        Duration window = p.containsKey(DEDUP_WINDOW) ? Duration.ofMillis(Long.parseLong(p.get(DEDUP_WINDOW)))
                : DEFAULT_DEDUP_WINDOW;
        return new S3Settings(bucket, region, endpoint, folder, format, gzip, blankToNull(settings.username()),
                blankToNull(settings.password()), window);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Where the bucket is, for messages: the endpoint, or the AWS region. */
    public String server() {
        return endpoint != null ? endpoint : "AWS region " + region;
    }

    /** For logs: never the secret. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + (folder == null ? "" : folder + "/") + " (" + region
                + (endpoint == null ? "" : ", endpoint " + endpoint) + ", " + format.key() + (gzip ? ", gzip" : "") + ")";
    }
}
