package io.luden.stream.sinks.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;

/** The S3 client of a destination: the JDK's HTTP client, bounded timeouts, the region and keys of the config. */
final class S3Clients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** One call, the SDK's own retries included; past it the rows are RETRY and the loader backs off. */
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private S3Clients() {}

    static S3Client create(S3Settings s) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials(s))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(RetryMode.STANDARD)
                        .build());
        if (s.endpoint() != null) {
            // S3-compatible servers (MinIO, DigitalOcean Spaces, s3proxy): bucket in the path, and no
            // checksum headers that older servers do not know
            b.endpointOverride(endpoint(s.endpoint()))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    /** Jitsu's endpoints were often a bare host ({@code nyc3.digitaloceanspaces.com}): https then. */
    static URI endpoint(String endpoint) {
        return URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
    }

    /** The config's key pair; without one, the SDK's default chain (environment, profile, instance role). */
    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
