package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: mysql}: Jitsu's MySQL datasource keys, the database as the schema, checked at start-up by key path. */
class MySqlDatasourceConfigTest {
    @TempDir
    Path dir;

    private DestinationConfig only(String yaml, Map<String, String> env) throws ConfigException {
        LudenConfig config = load(dir, yaml, env);
        assertThat(config.destinations()).hasSize(1);
        return config.destinations().values().iterator().next();
    }

    @Test
    void readsEveryMySqlDatasourceKeyWithTheDatabaseAsSchema() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  my:
                    type: mysql
                    datasource:
                      host: mysql.local
                      port: 3307
                      db: analytics
                      username: luden
                      password: "${env:MYSQL_PASSWORD}"
                      parameters: {tls: skip-verify, connectTimeout: 5000}
                """, Map.of("MYSQL_PASSWORD", "s3cret"));

        ConnectionSettings c = d.connection();
        assertThat(d.type()).isEqualTo("mysql");
        assertThat(c.type()).isEqualTo("mysql");
        assertThat(c.host()).isEqualTo("mysql.local");
        assertThat(c.port()).isEqualTo(3307);
        assertThat(c.db()).isEqualTo("analytics");
        assertThat(c.schema()).isEqualTo("analytics");
        assertThat(c.username()).isEqualTo("luden");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("tls", "skip-verify", "connectTimeout", "5000"));
    }

    @Test
    void acceptsJitsusConfigBlockWithThePortDefaulting() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  my:
                    type: mysql
                    mode: stream
                    config: {host: h, db: d, username: u, password: p}
                """, Map.of());

        assertThat(d.connection().port()).isEqualTo(3306);
        assertThat(d.connection().schema()).isEqualTo("d");
    }

    @Test
    void ignoresASchemaKeyWithAWarningAsJitsuDid() throws Exception {
        LudenConfig config = load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: d, schema: other}}\n");

        assertThat(config.destinations().get("my").connection().schema()).isEqualTo("d");
        assertThat(config.warnings()).singleElement().asString()
                .startsWith("destinations.my.datasource.schema: ignored");
    }

    @Test
    void requiresHostAndDbNamingTheKeyPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {db: d}}\n"))
                .hasMessage("destinations.my.datasource: missing required key 'host'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, config: {host: h}}\n"))
                .hasMessage("destinations.my.config: missing required key 'db'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: ''}}\n"))
                .hasMessageStartingWith("destinations.my.datasource.db: ");
    }

    @Test
    void rejectsABadPortAndUnknownKeysWithTheirPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: d, port: 70000}}\n"))
                .hasMessage("destinations.my.datasource.port: expected a port between 1 and 65535, got 70000");
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: d, path: /x}}\n"))
                .hasMessageStartingWith("destinations.my.datasource.path: unknown key");
    }

    @Test
    void rejectsAnUnknownTlsValueAndTheSslBlock() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: d,"
                + " parameters: {tls: maybe}}}\n"))
                .hasMessage("destinations.my.datasource.parameters.tls: expected one of true, false, skip-verify,"
                        + " preferred, got 'maybe'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  my: {type: mysql, datasource: {host: h, db: d,"
                + " ssl: {mode: require}}}\n"))
                .hasMessageStartingWith("destinations.my.datasource.ssl: not supported; set parameters: {tls: true}");
    }

    @Test
    void loadsTheMySqlExampleWithThePasswordFromTheEnvironment() throws Exception {
        Path file = Path.of("..", "conf", "examples", "mysql.yaml").toAbsolutePath().normalize();

        LudenConfig c = ConfigLoader.load(file, Map.of("MYSQL_PASSWORD", "pw"), dir);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state/mysql").toString());
        DestinationConfig my = c.destinations().get("mysql_main");
        assertThat(my.type()).isEqualTo("mysql");
        assertThat(my.connection().db()).isEqualTo("analytics");
        assertThat(my.connection().schema()).isEqualTo("analytics");
        assertThat(my.connection().port()).isEqualTo(3306);
        assertThat(my.connection().password()).isEqualTo("pw");
        assertThat(my.connection().parameters()).containsEntry("tls", "false");
        assertThat(my.dataLayout().primaryKeyFields()).containsExactly("eventn_ctx_event_id");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage("destinations.mysql_main.datasource.password: environment variable MYSQL_PASSWORD is not set");
    }
}
