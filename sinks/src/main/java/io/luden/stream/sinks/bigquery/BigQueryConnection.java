package io.luden.stream.sinks.bigquery;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import io.luden.stream.sinks.ConnectionSettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The BigQuery client of a destination, from its settings: {@code db} is the project, {@code schema} the
 * dataset, {@code password} the {@code key_file} (a path or the JSON itself), {@code host} an endpoint other
 * than Google's (a test server, a private endpoint).
 *
 * <p>Credentials are always given to the client explicitly, so it never goes looking for them: the key
 * file's; none at all for an explicit {@code host} without a key file (a test server takes no token, and
 * nothing may ask Google's metadata server or token endpoint); application default credentials only
 * when neither is set, as Jitsu did.
 */
final class BigQueryConnection {
    /** The client's own retries are short: the loader retries for longer, with the event queued. */
    static final int CLIENT_ATTEMPTS = 3;
    static final Duration CLIENT_TOTAL_TIMEOUT = Duration.ofSeconds(30);
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int READ_TIMEOUT_MILLIS = 30_000;
    /** The client's own scopes, named here: {@code BigQueryOptions.getDefaultInstance()} would look up a project. */
    static final java.util.List<String> SCOPES = java.util.List.of("https://www.googleapis.com/auth/bigquery",
            "https://www.googleapis.com/auth/cloud-platform");

    private BigQueryConnection() {}

    static BigQuery open(ConnectionSettings settings) {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder()
                .setProjectId(settings.db())
                .setCredentials(credentials(settings))
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setReadTimeout(READ_TIMEOUT_MILLIS).build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(CLIENT_ATTEMPTS)
                        .setInitialRetryDelayDuration(Duration.ofMillis(200))
                        .setRetryDelayMultiplier(2.0)
                        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
                        .setTotalTimeoutDuration(CLIENT_TOTAL_TIMEOUT)
                        .build());
        String location = settings.parameters().get("location");
        if (location != null) {
            options.setLocation(location);
        }
        if (settings.host() != null) {
            options.setHost(settings.host());
        }
        return options.build().getService();
    }

    private static Credentials credentials(ConnectionSettings settings) {
        String keyFile = settings.password();
        if (keyFile == null || keyFile.isBlank()) {
            if (settings.host() != null) {
                return NoCredentials.getInstance();
            }
            try {
                return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
            } catch (IOException e) {
                throw new IllegalArgumentException("no key_file for BigQuery project " + settings.db()
                        + " and no application default credentials: " + e.getMessage(), e);
            }
        }
        try (InputStream in = keyStream(keyFile)) {
            return GoogleCredentials.fromStream(in).createScoped(SCOPES);
        } catch (IOException e) {
            throw new IllegalArgumentException("key_file of BigQuery project " + settings.db()
                    + " is not a Google credentials file: " + e.getMessage(), e);
        }
    }

    /** {@code key_file} as Jitsu took it: the JSON itself when it starts with '{', else a path. */
    static InputStream keyStream(String keyFile) throws IOException {
        if (keyFile.strip().startsWith("{")) {
            return new ByteArrayInputStream(keyFile.getBytes(StandardCharsets.UTF_8));
        }
        return Files.newInputStream(Path.of(keyFile.strip()));
    }
}
