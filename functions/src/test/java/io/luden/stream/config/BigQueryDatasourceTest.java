package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: bigquery}: Jitsu's keys, Luden's, defaults, the key file checked, the key path in every refusal. */
class BigQueryDatasourceTest {
    @TempDir
    Path dir;

    private LudenConfig config(String block) throws ConfigException {
        return load(dir, "destinations:\n  bq:\n    type: bigquery\n    mode: stream\n    config: " + block + "\n");
    }

    private ConnectionSettings settings(String block) throws ConfigException {
        return config(block).destinations().get("bq").connection();
    }

    @Test
    void readsJitsusKeysWithTheirDefaults() throws Exception {
        ConnectionSettings c = settings("{bq_project: my-project}");

        assertThat(c.type()).isEqualTo("bigquery");
        assertThat(c.db()).isEqualTo("my-project");
        assertThat(c.schema()).isEqualTo("default");
        assertThat(c.password()).isNull();
        assertThat(c.host()).isNull();
        assertThat(c.parameters()).isEmpty();
        assertThat(c.toString()).isEqualTo("bigquery my-project:default");
    }

    @Test
    void keyFileIsAPathMadeAbsoluteOrTheJsonItself() throws Exception {
        Files.writeString(dir.resolve("sa.json"), "{\"type\": \"service_account\"}");

        assertThat(settings("{bq_project: p, bq_dataset: events, key_file: sa.json}").password())
                .isEqualTo(dir.resolve("sa.json").toAbsolutePath().toString());
        assertThat(settings("{bq_project: p, key_file: '{\"type\": \"service_account\", \"project_id\": \"p\"}'}").password())
                .isEqualTo("{\"type\": \"service_account\", \"project_id\": \"p\"}");
    }

    @Test
    void aMissingOrBrokenKeyFileIsRefusedByItsPath() {
        assertThatThrownBy(() -> settings("{bq_project: p, key_file: nowhere.json}"))
                .hasMessageStartingWith("destinations.bq.config.key_file: no readable key file at ").hasMessageContaining("nowhere.json");
        assertThatThrownBy(() -> settings("{bq_project: p, key_file: '{not json'}"))
                .hasMessageStartingWith("destinations.bq.config.key_file: looks like inline JSON but does not parse");
        assertThatThrownBy(() -> settings("{bq_project: p, key_file: '{\"a\": 1}'}"))
                .hasMessageStartingWith("destinations.bq.config.key_file: is not a Google credentials JSON");
    }

    @Test
    void ludensKeysHostLocationPartitionAndDedupLookup() throws Exception {
        ConnectionSettings c = settings("{bq_project: p, host: 'http://127.0.0.1:9050/', location: EU,"
                + " partition: {field: _timestamp, granularity: month}}");

        assertThat(c.host()).isEqualTo("http://127.0.0.1:9050");
        assertThat(c.parameters()).isEqualTo(Map.of("location", "EU", "partition_field", "_timestamp",
                "partition_granularity", "MONTH"));
        assertThat(settings("{bq_project: p, partition: {field: _timestamp}}").parameters())
                .containsEntry("partition_granularity", "DAY");
        assertThat(settings("{bq_project: p, dedup_lookup: false}").parameters()).containsEntry("dedup_lookup", "false");
    }

    @Test
    void badValuesAreRefusedByTheirPath() {
        assertThatThrownBy(() -> settings("{bq_dataset: d}"))
                .hasMessageStartingWith("destinations.bq.config").hasMessageContaining("'bq_project'");
        assertThatThrownBy(() -> settings("{bq_project: ' '}"))
                .hasMessage("destinations.bq.config.bq_project: must not be empty");
        assertThatThrownBy(() -> settings("{bq_project: p, bq_dataset: 'my-events'}"))
                .hasMessageStartingWith("destinations.bq.config.bq_dataset: a dataset name has only letters");
        assertThatThrownBy(() -> settings("{bq_project: p, partition: {field: _timestamp, granularity: week}}"))
                .hasMessage("destinations.bq.config.partition.granularity: expected one of HOUR, DAY, MONTH, YEAR, got 'week'");
        assertThatThrownBy(() -> settings("{bq_project: p, partition: {granularity: DAY}}"))
                .hasMessageStartingWith("destinations.bq.config.partition").hasMessageContaining("'field'");
        assertThatThrownBy(() -> settings("{bq_project: p, host: 'bigquery.example.com'}"))
                .hasMessageStartingWith("destinations.bq.config.host: expected an endpoint");
        assertThatThrownBy(() -> settings("{bq_projekt: p}"))
                .hasMessage("destinations.bq.config.bq_projekt: unknown key (did you mean 'bq_project'?)");
    }

    @Test
    void primaryKeyFieldsAreRefusedAsBigQueryCannotUpsert() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  bq:\n    type: bigquery\n    config: {bq_project: p}\n"
                + "    data_layout: {primary_key_fields: [id]}\n"))
                .hasMessageStartingWith("destinations.bq.data_layout.primary_key_fields: not supported by a bigquery destination");
    }

    @Test
    void gcsBucketIsAcceptedWithAWarning() throws Exception {
        LudenConfig c = config("{bq_project: p, gcs_bucket: my-bucket}");

        assertThat(c.warnings()).singleElement().satisfies(w -> assertThat(w)
                .startsWith("destinations.bq.config.gcs_bucket: ignored").contains("insertAll"));
    }

    @Test
    void theExampleConfigLoadsWithItsSecretsFromTheEnvironment() throws Exception {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            if (Files.exists(d.resolve("conf/examples/bigquery.yaml"))) {
                file = d.resolve("conf/examples/bigquery.yaml");
            }
        }
        assertThat(file).as("conf/examples/bigquery.yaml").isNotNull();
        Path key = Files.writeString(dir.resolve("luden-sa.json"), "{\"type\": \"service_account\"}");

        LudenConfig c = ConfigLoader.load(file, Map.of("BQ_PROJECT", "my-project",
                "GOOGLE_APPLICATION_CREDENTIALS", key.toString()), dir);

        assertThat(c.warnings()).isEmpty();
        DestinationConfig bq = c.destinations().get("bq_main");
        assertThat(bq.type()).isEqualTo("bigquery");
        assertThat(bq.connection().db()).isEqualTo("my-project");
        assertThat(bq.connection().schema()).isEqualTo("luden_events");
        assertThat(bq.connection().password()).isEqualTo(key.toString());
        assertThat(bq.connection().parameters()).containsEntry("location", "EU").containsEntry("partition_field", "_timestamp");
        assertThat(bq.batch().maxRows()).isEqualTo(2000);
    }
}
