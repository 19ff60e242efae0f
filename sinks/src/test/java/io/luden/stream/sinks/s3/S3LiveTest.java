package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real AWS S3 bucket, only when AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
 * S3_BUCKET are set: writes a gzipped batch under a folder of its own, writes it again through a new
 * writer (nothing added), reads the object back, and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "AWS_ACCESS_KEY_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AWS_SECRET_ACCESS_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "AWS_REGION", matches = ".+")
@EnabledIfEnvironmentVariable(named = "S3_BUCKET", matches = ".+")
class S3LiveTest {
    private final String folder = "luden-live-test/" + UUID.randomUUID();
    private final S3Client client = S3Client.builder().region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    System.getenv("AWS_ACCESS_KEY_ID"), System.getenv("AWS_SECRET_ACCESS_KEY"))))
            .build();

    private ConnectionSettings settings() {
        Map<String, String> p = new TreeMap<>();
        p.put("bucket", System.getenv("S3_BUCKET"));
        p.put("region", System.getenv("AWS_REGION"));
        p.put("folder", folder);
        p.put("compression", "gzip");
        return ConnectionSettings.builder("s3").username(System.getenv("AWS_ACCESS_KEY_ID"))
                .password(System.getenv("AWS_SECRET_ACCESS_KEY")).parameters(p).build();
    }

    private List<S3Object> objects() {
        return client.listObjectsV2(b -> b.bucket(System.getenv("S3_BUCKET")).prefix(folder + "/")).contents();
    }

    @AfterEach
    void cleanUp() {
        for (S3Object o : objects()) {
            client.deleteObject(b -> b.bucket(System.getenv("S3_BUCKET")).key(o.key()));
        }
        client.close();
    }

    @Test
    void writesAGzippedObjectAndAReopenedWriterAddsNothing() throws Exception {
        var rows = List.of(S3WriterTest.row("live", "live-1", "2026-03-01T10:00:00Z"),
                S3WriterTest.row("live", "live-2", "2026-03-01T10:00:01Z"));
        try (BatchWriter w = BatchWriters.create(settings(), List.of(), 0)) {
            assertThat(w.write("live", rows, new MapSchemaCache())).containsOnly(RowResult.written());
        }
        try (BatchWriter w = BatchWriters.create(settings(), List.of(), 0)) {
            assertThat(w.write("live", rows, new MapSchemaCache())).containsOnly(RowResult.written());
        }

        List<S3Object> objects = objects();
        assertThat(objects).hasSize(1);
        assertThat(objects.get(0).key()).startsWith(folder + "/live-2026-03-01T10:00:00-10:00:01-").endsWith(".log.gz");
        ResponseBytes<?> body = client.getObjectAsBytes(b -> b.bucket(System.getenv("S3_BUCKET")).key(objects.get(0).key()));
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(body.asByteArray())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(text).contains("\"eventn_ctx_event_id\":\"live-1\"").contains("\"eventn_ctx_event_id\":\"live-2\"");
    }
}
