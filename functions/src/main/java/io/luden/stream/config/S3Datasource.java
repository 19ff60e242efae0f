package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.s3.S3Format;
import io.luden.stream.sinks.s3.S3Settings;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code type: s3} destination's {@code config:} / {@code datasource:} block, with Jitsu's keys
 * ({@code access_key_id, secret_access_key, bucket, region, endpoint, folder, format, compression})
 * and one of Luden's: {@code dedup_window} (how far back a restarted job looks for the events it wrote
 * already). The key pair becomes {@code username} / {@code password} of the settings (never logged),
 * the rest {@code parameters}. Without a key pair the AWS SDK's default chain finds credentials.
 */
final class S3Datasource {
    private static final SectionKeys KEYS = SectionKeys
            .reads("access_key_id", "secret_access_key", "bucket", "region", "endpoint", "folder", "format",
                    "compression", "dedup_window");

    private S3Datasource() {}

    static ConnectionSettings parse(YamlNode ds, List<String> warnings) throws ConfigException {
        KEYS.check(ds, warnings);
        Map<String, String> p = new TreeMap<>();
        String bucket = nonBlank(ds.require("bucket"));
        if (bucket.contains("/")) {
            throw ds.get("bucket").error("is a bucket name, without '/' (put a path in 'folder'), got '" + bucket + "'");
        }
        p.put(S3Settings.BUCKET, bucket);
        String endpoint = ds.get("endpoint").isPresent() ? nonBlank(ds.get("endpoint")) : null;
        if (endpoint != null) {
            p.put(S3Settings.ENDPOINT, endpoint);
        }
        if (ds.get("region").isPresent()) {
            p.put(S3Settings.REGION, nonBlank(ds.get("region")));
        } else if (endpoint == null) {
            throw ds.error("missing required key 'region' (the bucket's AWS region, e.g. us-east-1; optional only"
                    + " with an 'endpoint')");
        }
        if (ds.get("folder").isPresent()) {
            String folder = ds.get("folder").text().strip().replaceAll("^/+|/+$", "");
            if (!folder.isEmpty()) {
                p.put(S3Settings.FOLDER, folder);
            }
        }
        p.put(S3Settings.FORMAT, format(ds.get("format")));
        YamlNode compression = ds.get("compression");
        if (compression.isPresent()) {
            String c = compression.text().strip().toLowerCase(Locale.ROOT);
            if (c.equals("gzip")) {
                p.put(S3Settings.COMPRESSION, c);
            } else if (!c.isEmpty() && !c.equals("none")) {
                throw compression.error("expected gzip (or none), got '" + compression.text() + "'");
            }
        }
        if (ds.get("dedup_window").isPresent()) {
            p.put(S3Settings.DEDUP_WINDOW, Long.toString(ds.get("dedup_window").duration().toMillis()));
        }
        String keyId = ds.get("access_key_id").text(null);
        String secret = ds.get("secret_access_key").text(null);
        boolean hasKey = keyId != null && !keyId.isBlank();
        boolean hasSecret = secret != null && !secret.isBlank();
        if (hasKey != hasSecret) {
            throw ds.error("'access_key_id' and 'secret_access_key' go together: set both, or neither to use the"
                    + " AWS SDK's default credentials (environment, profile, instance role)");
        }
        return ConnectionSettings.builder("s3")
                .username(hasKey ? keyId.strip() : null)
                .password(hasSecret ? secret.strip() : null)
                .parameters(p)
                .build();
    }

    private static String format(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return S3Format.FLAT_JSON.key();
        }
        String f = node.text().strip().toLowerCase(Locale.ROOT);
        try {
            return S3Format.of(f).key();
        } catch (IllegalArgumentException e) {
            throw node.error("unknown format '" + node.text() + "' (supported: flat_json, json, csv, parquet)");
        }
    }

    private static String nonBlank(YamlNode node) throws ConfigException {
        String t = node.text();
        if (t.isBlank()) {
            throw node.error("must not be empty");
        }
        return t.strip();
    }
}
