package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: snowflake}: Jitsu's keys, Luden's three, defaults, and the key path in every refusal. */
class SnowflakeDatasourceTest {
    @TempDir
    Path dir;

    private LudenConfig config(String block) throws ConfigException {
        return load(dir, "destinations:\n  sf:\n    type: snowflake\n    mode: stream\n    config: " + block + "\n");
    }

    private ConnectionSettings settings(String block) throws ConfigException {
        return config(block).destinations().get("sf").connection();
    }

    @Test
    void readsJitsusKeysWithDefaults() throws Exception {
        ConnectionSettings c = settings("{account: xy12345.eu-central-1, db: ANALYTICS, username: LUDEN,"
                + " password: secret, warehouse: LOAD_WH, parameters: {QUERY_TAG: luden}}");

        assertThat(c.type()).isEqualTo("snowflake");
        assertThat(c.host()).isNull();
        assertThat(c.port()).isEqualTo(443);
        assertThat(c.db()).isEqualTo("ANALYTICS");
        assertThat(c.schema()).isEqualTo("PUBLIC");
        assertThat(c.username()).isEqualTo("LUDEN");
        assertThat(c.password()).isEqualTo("secret");
        assertThat(c.parameters()).isEqualTo(Map.of("account", "xy12345.eu-central-1", "warehouse", "LOAD_WH",
                "QUERY_TAG", "luden"));
    }

    @Test
    void portMayBeAStringAndSchemaIsKept() throws Exception {
        ConnectionSettings c = settings("{account: a, port: '8443', db: d, schema: raw_events, username: u,"
                + " password: p, warehouse: w}");

        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.schema()).isEqualTo("raw_events");
    }

    @Test
    void keyPairLoginAndRoleAndHost() throws Exception {
        ConnectionSettings c = settings("{account: a, host: a.privatelink.snowflakecomputing.com, db: d,"
                + " username: u, warehouse: w, role: LOADER, private_key_file: /keys/rsa_key.p8}");

        assertThat(c.host()).isEqualTo("a.privatelink.snowflakecomputing.com");
        assertThat(c.password()).isNull();
        assertThat(c.parameters()).containsEntry("private_key_file", "/keys/rsa_key.p8")
                .containsEntry("authenticator", "SNOWFLAKE_JWT").containsEntry("role", "LOADER");
    }

    @Test
    void stageKeysAreAcceptedWithAWarning() throws Exception {
        LudenConfig c = config("{account: a, db: d, username: u, password: p, warehouse: w, stage: my_stage,"
                + " s3: {bucket: b}}");

        assertThat(c.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains(": ignored: ").contains("MERGE"));
        assertThat(c.warnings().get(0)).startsWith("destinations.sf.config.stage: ignored");
    }

    @Test
    void requiredKeysAreNamedByPath() {
        assertThatThrownBy(() -> settings("{db: d, username: u, password: p, warehouse: w}"))
                .hasMessageStartingWith("destinations.sf.config").hasMessageContaining("'account'");
        assertThatThrownBy(() -> settings("{account: a, username: u, password: p, warehouse: w}"))
                .hasMessageContaining("'db'");
        assertThatThrownBy(() -> settings("{account: a, db: d, username: u, password: p}"))
                .hasMessageContaining("'warehouse'");
        assertThatThrownBy(() -> settings("{account: a, db: d, username: u, warehouse: w}"))
                .hasMessage("destinations.sf.config: needs 'password' or 'private_key_file'");
        assertThatThrownBy(() -> settings("{account: a, db: d, username: u, password: p, warehouse: w, port: 0}"))
                .hasMessageStartingWith("destinations.sf.config.port: expected a port");
        assertThatThrownBy(() -> settings("{account: ' ', db: d, username: u, password: p, warehouse: w}"))
                .hasMessage("destinations.sf.config.account: must not be empty");
    }

    @Test
    void theExampleConfigLoadsWithItsSecretsFromTheEnvironment() throws Exception {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            if (java.nio.file.Files.exists(d.resolve("conf/examples/snowflake.yaml"))) {
                file = d.resolve("conf/examples/snowflake.yaml");
            }
        }
        assertThat(file).as("conf/examples/snowflake.yaml").isNotNull();

        LudenConfig c = ConfigLoader.load(file, Map.of("SF_ACCOUNT", "xy12345.eu-central-1", "SF_PASSWORD", "pw"), dir);

        assertThat(c.warnings()).isEmpty();
        DestinationConfig sf = c.destinations().get("sf_main");
        assertThat(sf.type()).isEqualTo("snowflake");
        assertThat(sf.connection().password()).isEqualTo("pw");
        assertThat(sf.connection().parameters()).containsEntry("account", "xy12345.eu-central-1")
                .containsEntry("warehouse", "LOAD_WH").containsEntry("QUERY_TAG", "luden_stream");
        assertThat(sf.batch().maxRows()).isEqualTo(1000);
    }

    @Test
    void unknownKeySuggestsTheClosest() {
        assertThatThrownBy(() -> settings("{acount: a, db: d, username: u, password: p, warehouse: w}"))
                .hasMessage("destinations.sf.config.acount: unknown key (did you mean 'account'?)");
    }
}
