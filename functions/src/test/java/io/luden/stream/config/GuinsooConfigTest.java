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

/** Issue 9: {@code type: guinsoo} (and {@code h2}, the same writer) with PostgreSQL's datasource keys. */
class GuinsooConfigTest {
    private static final String GUINSOO = """
            destinations:
              gs:
                type: guinsoo
                datasource: {host: gs.local, db: analytics}
            """;

    @TempDir
    Path dir;

    private ConnectionSettings connection(String yaml) throws ConfigException {
        return connection(yaml, Map.of());
    }

    private ConnectionSettings connection(String yaml, Map<String, String> env) throws ConfigException {
        Map<String, DestinationConfig> all = load(dir, yaml, env).destinations();
        assertThat(all).hasSize(1);
        return all.values().iterator().next().connection();
    }

    @Test
    void readsAGuinsooDestinationWithDefaults() throws Exception {
        ConnectionSettings c = connection(GUINSOO);

        assertThat(c.type()).isEqualTo("guinsoo");
        assertThat(c.host()).isEqualTo("gs.local");
        assertThat(c.port()).isEqualTo(9092);
        assertThat(c.db()).isEqualTo("analytics");
        assertThat(c.schema()).isEqualTo("PUBLIC");
        assertThat(c.username()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.parameters()).isEmpty();
    }

    @Test
    void readsEveryKeyInJitsusConfigBlock() throws Exception {
        ConnectionSettings c = connection("""
                destinations:
                  gs:
                    type: guinsoo
                    mode: stream
                    config:
                      host: h
                      port: 9123
                      db: ~/warehouse
                      schema: web
                      username: luden
                      password: "${env:GUINSOO_PASSWORD}"
                      parameters: {LOCK_TIMEOUT: 20000, QUERY_TIMEOUT: 60000}
                """, Map.of("GUINSOO_PASSWORD", "s3cret"));

        assertThat(c.port()).isEqualTo(9123);
        assertThat(c.db()).isEqualTo("~/warehouse");
        assertThat(c.schema()).isEqualTo("web");
        assertThat(c.username()).isEqualTo("luden");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("LOCK_TIMEOUT", "20000", "QUERY_TIMEOUT", "60000"));
    }

    @Test
    void h2IsTheSameWriterUnderItsOwnType() throws Exception {
        ConnectionSettings c = connection(GUINSOO.replace("type: guinsoo", "type: h2"));

        assertThat(c.type()).isEqualTo("h2");
        assertThat(c.port()).isEqualTo(9092);
        assertThat(c.schema()).isEqualTo("PUBLIC");
    }

    @Test
    void requiresHostAndDbNamingTheKeyPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  gs: {type: guinsoo, datasource: {db: d}}\n"))
                .hasMessage("destinations.gs.datasource: missing required key 'host'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  gs: {type: guinsoo, config: {host: h}}\n"))
                .hasMessage("destinations.gs.config: missing required key 'db'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  gs: {type: h2, datasource: {host: h, db: ' '}}\n"))
                .hasMessage("destinations.gs.datasource.db: must not be empty");
        assertThatThrownBy(() -> load(dir, "destinations:\n  gs: {type: guinsoo}\n"))
                .hasMessage("destinations.gs: missing required key 'datasource' (or Jitsu's 'config')");
    }

    @Test
    void refusesH2SettingsSmuggledIntoTheDbName() {
        assertThatThrownBy(() -> load(dir, GUINSOO.replace("db: analytics", "db: 'analytics;INIT=RUNSCRIPT FROM x'")))
                .hasMessageStartingWith("destinations.gs.datasource.db: must be the database name only")
                .hasMessageContaining("parameters");
    }

    @Test
    void checksThePort() {
        assertThatThrownBy(() -> load(dir, GUINSOO.replace("db: analytics}", "db: analytics, port: 0}")))
                .hasMessage("destinations.gs.datasource.port: expected a port between 1 and 65535, got 0");
        assertThatThrownBy(() -> load(dir, GUINSOO.replace("db: analytics}", "db: analytics, port: x}")))
                .hasMessage("destinations.gs.datasource.port: expected an integer, got \"x\"");
    }

    @Test
    void rejectsKeysItDoesNotReadWithANearMiss() {
        assertThatThrownBy(() -> load(dir, GUINSOO.replace("db: analytics}", "db: analytics, usernme: u}")))
                .hasMessage("destinations.gs.datasource.usernme: unknown key (did you mean 'username'?)");
        assertThatThrownBy(() -> load(dir, GUINSOO.replace("db: analytics}", "db: analytics, path: /x.db}")))
                .hasMessageStartingWith("destinations.gs.datasource.path: unknown key");
    }

    @Test
    void loadsTheGuinsooExampleWithThePasswordFromTheEnvironment() throws Exception {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            if (Files.exists(d.resolve("conf/examples/guinsoo.yaml"))) {
                file = d.resolve("conf/examples/guinsoo.yaml");
            }
        }
        assertThat(file).as("conf/examples/guinsoo.yaml above the working directory").isNotNull();

        LudenConfig c = ConfigLoader.load(file, Map.of("GUINSOO_PASSWORD", "pw"), dir);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state/guinsoo").toString());
        DestinationConfig gs = c.destinations().get("guinsoo_main");
        assertThat(gs.type()).isEqualTo("guinsoo");
        assertThat(gs.connection().host()).isEqualTo("localhost");
        assertThat(gs.connection().port()).isEqualTo(9092);
        assertThat(gs.connection().db()).isEqualTo("analytics");
        assertThat(gs.connection().schema()).isEqualTo("PUBLIC");
        assertThat(gs.connection().password()).isEqualTo("pw");
        assertThat(gs.connection().parameters()).containsEntry("LOCK_TIMEOUT", "10000");
        assertThat(gs.dataLayout().primaryKeyFields()).containsExactly("eventn_ctx_event_id");
    }
}
