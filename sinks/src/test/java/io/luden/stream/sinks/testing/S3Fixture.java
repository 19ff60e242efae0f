package io.luden.stream.sinks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.sinks.ConnectionSettings;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A real S3 API server for a test (s3proxy, in memory, started per test by its JUnit 5 extension —
 * register {@link #extension} with {@code @RegisterExtension}), a bucket in it, and a client of its
 * own to read back what the destination wrote. Path-style, static keys, region set: the SDK never
 * looks for credentials or a region elsewhere.
 */
public final class S3Fixture {
    public static final String ACCESS_KEY = "luden-test-access";
    public static final String SECRET_KEY = "luden-test-secret";
    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    public final S3ProxyExtension extension = S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
    private S3Client client;

    /** The server's endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String endpoint() {
        String uri = extension.getUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    public S3Client client() {
        if (client == null) {
            client = S3Client.builder().region(Region.of(REGION)).endpointOverride(extension.getUri())
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClient(UrlConnectionHttpClient.create())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    public void createBucket(String bucket) {
        client().createBucket(b -> b.bucket(bucket));
    }

    /** The settings of a {@code type: s3} destination writing to {@code bucket} of this server. */
    public ConnectionSettings settings(String bucket, Map<String, String> more) {
        Map<String, String> p = new TreeMap<>();
        p.put("bucket", bucket);
        p.put("endpoint", endpoint());
        p.put("region", REGION);
        p.putAll(more);
        return ConnectionSettings.builder("s3").username(ACCESS_KEY).password(SECRET_KEY).parameters(p).build();
    }

    /** Keys in {@code bucket}, sorted. */
    public List<String> keys(String bucket) {
        List<String> keys = new ArrayList<>();
        client().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build()).contents()
                .forEach((S3Object o) -> keys.add(o.key()));
        return keys;
    }

    /** The body of an object as text, gunzipped when its key ends in {@code .gz}. */
    public String text(String bucket, String key) {
        byte[] body = bytes(bucket, key);
        if (key.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(key + " is not gzip", e);
            }
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    public byte[] bytes(String bucket, String key) {
        return client().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
    }

    /** Every JSON line of every object in {@code bucket} under {@code prefix}. */
    public List<JsonNode> jsonLines(String bucket, String prefix) {
        List<JsonNode> lines = new ArrayList<>();
        for (String key : keys(bucket)) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            for (String line : text(bucket, key).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(key + ": not JSON lines", e);
                    }
                }
            }
        }
        return lines;
    }

    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
