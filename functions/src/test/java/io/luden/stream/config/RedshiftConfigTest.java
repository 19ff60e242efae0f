package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: redshift} with Jitsu's Redshift keys (the PostgreSQL ones; {@code s3} for batch mode). */
class RedshiftConfigTest {
    @TempDir
    Path dir;

    private DestinationConfig only(String yaml) throws ConfigException {
        Map<String, DestinationConfig> all = load(dir, yaml, Map.of("RS_PASSWORD", "s3cret")).destinations();
        assertThat(all).hasSize(1);
        return all.values().iterator().next();
    }

    @Test
    void readsARedshiftDestinationWithRedshiftsDefaults() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  rs:
                    type: redshift
                    datasource: {host: cluster.abc.eu-west-1.redshift.amazonaws.com, db: dev}
                """);

        ConnectionSettings c = d.connection();
        assertThat(d.type()).isEqualTo("redshift");
        assertThat(c.type()).isEqualTo("redshift");
        assertThat(c.host()).isEqualTo("cluster.abc.eu-west-1.redshift.amazonaws.com");
        assertThat(c.port()).isEqualTo(5439);
        assertThat(c.db()).isEqualTo("dev");
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.parameters()).isEmpty();
    }

    @Test
    void acceptsAJitsuShapedRedshiftDestinationWithItsS3BlockIgnored() throws Exception {
        LudenConfig config = load(dir, """
                destinations:
                  redshift_main:
                    type: redshift
                    mode: stream
                    config:
                      host: h
                      port: "5440"
                      db: d
                      schema: web
                      username: luden
                      password: "${env:RS_PASSWORD}"
                      parameters: {connect_timeout: 600, ssl: "true"}
                      s3: {access_key_id: a, secret_access_key: b, bucket: c, region: us-east-1, folder: f}
                    data_layout:
                      primary_key_fields: [eventn_ctx_event_id]
                """, Map.of("RS_PASSWORD", "s3cret"));

        ConnectionSettings c = config.destinations().get("redshift_main").connection();
        assertThat(c.port()).isEqualTo(5440);
        assertThat(c.schema()).isEqualTo("web");
        assertThat(c.username()).isEqualTo("luden");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("connect_timeout", "600", "ssl", "true"));
        assertThat(config.warnings()).anyMatch(w -> w.startsWith("destinations.redshift_main.config.s3: ignored:"));
    }

    @Test
    void theExampleConfigurationLoadsWithItsEnvironment() throws Exception {
        Path file = Path.of("..").toAbsolutePath().normalize().resolve("conf/examples/redshift.yaml");
        LudenConfig c = ConfigLoader.load(file, Map.of("REDSHIFT_HOST", "cluster.example", "REDSHIFT_DB", "dev",
                "REDSHIFT_USER", "luden", "REDSHIFT_PASSWORD", "pw"), dir);

        assertThat(c.warnings()).isEmpty();
        ConnectionSettings rs = c.destinations().get("redshift_main").connection();
        assertThat(rs.type()).isEqualTo("redshift");
        assertThat(rs.host()).isEqualTo("cluster.example");
        assertThat(rs.port()).isEqualTo(5439);
        assertThat(rs.schema()).isEqualTo("luden");
        assertThat(rs.password()).isEqualTo("pw");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessageContaining("environment variable REDSHIFT_HOST is not set");
    }

    @Test
    void namesTheKeyPathOfEveryMistake() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, datasource: {db: d}}\n"))
                .hasMessage("destinations.rs.datasource: missing required key 'host'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, config: {host: h}}\n"))
                .hasMessage("destinations.rs.config: missing required key 'db'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, datasource: {host: h, db: d, port: 0}}\n"))
                .hasMessage("destinations.rs.datasource.port: expected a port between 1 and 65535, got 0");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, datasource: {host: h, db: d, schema: ''}}\n"))
                .hasMessage("destinations.rs.datasource.schema: must not be empty");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, datasource: {host: h, db: d, usename: u}}\n"))
                .hasMessage("destinations.rs.datasource.usename: unknown key (did you mean 'username'?)");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift, datasource: {host: h, db: d, ssl: {mode: require}}}\n"))
                .hasMessageStartingWith("destinations.rs.datasource.ssl: not supported; set the Redshift JDBC parameters");
        assertThatThrownBy(() -> load(dir, "destinations:\n  rs: {type: redshift}\n"))
                .hasMessage("destinations.rs: missing required key 'datasource' (or Jitsu's 'config')");
    }
}
