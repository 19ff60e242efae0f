package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.s3.S3Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: s3}: Jitsu's keys, Luden's dedup_window, defaults, batch defaults, and the key path in every refusal. */
class S3DatasourceTest {
    @TempDir
    Path dir;

    private LudenConfig config(String block) throws ConfigException {
        return load(dir, "destinations:\n  s3:\n    type: s3\n    mode: stream\n    config: " + block + "\n");
    }

    private ConnectionSettings settings(String block) throws ConfigException {
        return config(block).destinations().get("s3").connection();
    }

    @Test
    void readsJitsusKeysIntoSettingsWithTheKeyPairAsUserAndPassword() throws Exception {
        ConnectionSettings c = settings("{access_key_id: AKIA1, secret_access_key: sec, bucket: events,"
                + " region: eu-central-1, folder: /luden/raw/, format: CSV, compression: gzip}");

        assertThat(c.type()).isEqualTo("s3");
        assertThat(c.username()).isEqualTo("AKIA1");
        assertThat(c.password()).isEqualTo("sec");
        assertThat(c.parameters()).isEqualTo(Map.of("bucket", "events", "region", "eu-central-1",
                "folder", "luden/raw", "format", "csv", "compression", "gzip"));
        S3Settings s = S3Settings.of(c);
        assertThat(s.gzip()).isTrue();
        assertThat(s.dedupWindow()).isEqualTo(S3Settings.DEFAULT_DEDUP_WINDOW);
        assertThat(s.toString()).doesNotContain("sec").contains("s3://events/luden/raw/");
    }

    @Test
    void defaultsAreFlatJsonUncompressedAndAMinuteBetweenObjects() throws Exception {
        LudenConfig c = config("{bucket: events, region: us-east-1}");
        DestinationConfig d = c.destinations().get("s3");

        assertThat(d.connection().parameters()).containsEntry("format", "flat_json").doesNotContainKey("compression");
        assertThat(d.connection().username()).isNull();
        assertThat(d.batch().maxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.batch().maxRows()).isEqualTo(10_000);
    }

    @Test
    void parquetIsAFormatAnyCase() throws Exception {
        assertThat(config("{bucket: b, region: r, format: Parquet, compression: gzip}").destinations().get("s3")
                .connection().parameters()).containsEntry("format", "parquet").containsEntry("compression", "gzip");
    }

    @Test
    void batchModeAndTheBatchBlockOverrideTheS3Defaults() throws Exception {
        LudenConfig batch = load(dir, "destinations:\n  s3: {type: s3, mode: batch, config: {bucket: b, region: r}}\n");
        assertThat(batch.destinations().get("s3").batch().maxDelay()).isEqualTo(Duration.ofMinutes(5));
        LudenConfig own = load(dir, "destinations:\n  s3: {type: s3, config: {bucket: b, region: r},"
                + " batch: {max_rows: 500, max_delay: 5s}}\n");
        assertThat(own.destinations().get("s3").batch().maxDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(own.destinations().get("s3").batch().maxRows()).isEqualTo(500);
    }

    @Test
    void anEndpointMakesTheRegionOptionalAndTakesADedupWindow() throws Exception {
        ConnectionSettings c = settings("{bucket: events, endpoint: 'http://127.0.0.1:9000', dedup_window: 2h}");
        S3Settings s = S3Settings.of(c);

        assertThat(s.endpoint()).isEqualTo("http://127.0.0.1:9000");
        assertThat(s.region()).isEqualTo(S3Settings.DEFAULT_ENDPOINT_REGION);
        assertThat(s.dedupWindow()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void refusesWhatCannotWorkNamingTheKey() {
        assertThatThrownBy(() -> settings("{region: r}"))
                .hasMessageStartingWith("destinations.s3.config").hasMessageContaining("'bucket'");
        assertThatThrownBy(() -> settings("{bucket: b}"))
                .hasMessageStartingWith("destinations.s3.config: missing required key 'region'");
        assertThatThrownBy(() -> settings("{bucket: b/c, region: r}"))
                .hasMessageStartingWith("destinations.s3.config.bucket: is a bucket name");
        assertThatThrownBy(() -> settings("{bucket: b, region: r, format: avro}"))
                .hasMessage("destinations.s3.config.format: unknown format 'avro' (supported: flat_json, json, csv, parquet)");
        assertThatThrownBy(() -> settings("{bucket: b, region: r, compression: zstd}"))
                .hasMessage("destinations.s3.config.compression: expected gzip (or none), got 'zstd'");
        assertThatThrownBy(() -> settings("{bucket: b, region: r, access_key_id: AKIA1}"))
                .hasMessageStartingWith("destinations.s3.config: 'access_key_id' and 'secret_access_key' go together");
        assertThatThrownBy(() -> settings("{bucket: b, region: r, dedup_window: 0s}"))
                .hasMessageStartingWith("destinations.s3.config.dedup_window: must be greater than zero");
        assertThatThrownBy(() -> settings("{bucket: ' ', region: r}"))
                .hasMessage("destinations.s3.config.bucket: must not be empty");
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        assertThatThrownBy(() -> settings("{bucket: b, region: r, foldr: x}"))
                .hasMessage("destinations.s3.config.foldr: unknown key (did you mean 'folder'?)");
    }

    @Test
    void theExampleConfigLoadsWithItsSecretsFromTheEnvironment() throws Exception {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            if (Files.exists(d.resolve("conf/examples/s3.yaml"))) {
                file = d.resolve("conf/examples/s3.yaml");
            }
        }
        assertThat(file).as("conf/examples/s3.yaml").isNotNull();

        LudenConfig c = ConfigLoader.load(file, Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "pw"), dir);

        assertThat(c.warnings()).isEmpty();
        DestinationConfig s3 = c.destinations().get("s3_main");
        assertThat(s3.type()).isEqualTo("s3");
        assertThat(s3.connection().username()).isEqualTo("AKIA1");
        assertThat(s3.connection().password()).isEqualTo("pw");
        assertThat(s3.connection().parameters()).containsEntry("bucket", "my-luden-events")
                .containsEntry("folder", "luden/events").containsEntry("compression", "gzip");
        assertThat(s3.batch().maxDelay()).isEqualTo(Duration.ofSeconds(60));
    }
}
