package io.luden.stream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC §12's example and the configs shipped in conf/: what a new user copies first. */
class SpecExampleConfigTest {
    /** SPEC.md §12, verbatim. */
    static final String SPEC_EXAMPLE = """
            api_keys:
              - {id: web, client_secret: js_secret, server_secret: s2s_secret}
            spool: {dir: events/incoming}
            log: {path: events}                      # events/failed, events/archive
            state: {dir: state, checkpoint_interval: 10s}   # checkpoints; a restart resumes from the latest
            geo: {maxmind_path: /data/GeoLite2-City.mmdb}
            destinations:
              pg_main:
                type: postgres                       # postgres | redshift | snowflake | mysql | clickhouse | ...
                mode: stream
                only_tokens: [web]
                datasource: {host: localhost, port: 5432, db: analytics, schema: public,
                             username: luden, password: "${env:PG_PASSWORD}", parameters: {sslmode: disable}}
                data_layout:
                  table_name_template: "{{.event_type}}"
                  primary_key_fields: [eventn_ctx_event_id]
                  transform: "return $"
                enrichment: [{name: ip_lookup, from: /source_ip, to: /location}]
            """;

    private static final Map<String, String> ENV = Map.of("PG_PASSWORD", "pw");

    @TempDir
    Path dir;

    @Test
    void refusesTheSpecExampleOnlyForItsNextIssueKeys() {
        String noGeo = without(SPEC_EXAMPLE, "geo: {maxmind_path");
        String noEnrichment = without(noGeo, "enrichment: [");

        assertThatThrownBy(() -> load(dir, SPEC_EXAMPLE, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("geo: geo (ip_lookup) is not supported yet");
        assertThatThrownBy(() -> load(dir, noGeo, ENV))
                .hasMessage("destinations.pg_main.enrichment: lookup enrichment (ip_lookup, user_agent_parse)"
                        + " is not supported yet");
        assertThatThrownBy(() -> load(dir, noEnrichment, ENV))
                .hasMessage("destinations.pg_main.data_layout.transform: the JavaScript transform is not supported yet");
    }

    @Test
    void acceptsTheSpecExampleOnceTheNextIssueKeysAreRemoved() throws Exception {
        String yaml = without(without(without(SPEC_EXAMPLE, "geo: {maxmind_path"), "enrichment: ["), "transform: ");

        LudenConfig c = load(dir, yaml, ENV);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.apiKeys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("web");
            assertThat(k.matches("s2s_secret")).isTrue();
        });
        assertThat(c.spoolDir()).isEqualTo(dir.resolve("events/incoming").toString());
        assertThat(c.logPath()).isEqualTo(dir.resolve("events").toString());
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state").toString());
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        DestinationConfig pg = c.destinations().get("pg_main");
        assertThat(pg.type()).isEqualTo("postgres");
        assertThat(pg.onlyTokens()).containsExactly("web");
        assertThat(pg.connection().host()).isEqualTo("localhost");
        assertThat(pg.connection().port()).isEqualTo(5432);
        assertThat(pg.connection().db()).isEqualTo("analytics");
        assertThat(pg.connection().schema()).isEqualTo("public");
        assertThat(pg.connection().username()).isEqualTo("luden");
        assertThat(pg.connection().password()).isEqualTo("pw");
        assertThat(pg.connection().parameters()).containsExactly(Map.entry("sslmode", "disable"));
        assertThat(pg.dataLayout().tableNameTemplate()).isEqualTo("{{.event_type}}");
        assertThat(pg.dataLayout().primaryKeyFields()).containsExactly("eventn_ctx_event_id");
    }

    @Test
    void loadsTheEmbeddedDefaultConfig() throws Exception {
        LudenConfig c = ConfigLoader.load(repoFile("conf/luden.yaml"), Map.of(), dir);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.spoolDir()).isEqualTo(dir.resolve("events/incoming").toString());
        assertThat(c.logPath()).isEqualTo(dir.resolve("events").toString());
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state").toString());
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        DestinationConfig wh = c.destinations().get("warehouse");
        assertThat(c.destinations()).containsOnlyKeys("warehouse");
        assertThat(wh.type()).isEqualTo("duckdb");
        assertThat(wh.connection().path()).isEqualTo(dir.resolve("data/warehouse.duckdb").toString());
        assertThat(wh.dataLayout().tableNameTemplate()).isEqualTo("{{.event_type}}");
    }

    @Test
    void loadsThePostgresExampleWithThePasswordFromTheEnvironment() throws Exception {
        Path file = repoFile("conf/examples/postgres.yaml");

        LudenConfig c = ConfigLoader.load(file, ENV, dir);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.destinations().get("pg_main").connection().password()).isEqualTo("pw");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage("destinations.pg_main.datasource.password: environment variable PG_PASSWORD is not set");
    }

    @Test
    void resolvesAgainstTheWorkingDirectoryWithoutABaseDir() throws Exception {
        LudenConfig c = ConfigLoader.load(repoFile("conf/luden.yaml"));

        assertThat(c.spoolDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("events/incoming").toString());
    }

    /** Drops the line containing {@code marker} and the lines indented under it. */
    private static String without(String yaml, String marker) {
        StringBuilder out = new StringBuilder();
        int droppedIndent = -1;
        for (String line : yaml.split("\n", -1)) {
            int indent = line.length() - line.stripLeading().length();
            if (droppedIndent >= 0 && indent > droppedIndent) {
                continue;
            }
            droppedIndent = -1;
            if (line.contains(marker)) {
                droppedIndent = indent;
                continue;
            }
            out.append(line).append('\n');
        }
        assertThat(out.toString()).isNotEqualTo(yaml);
        return out.toString();
    }

    /** Tests run in the module folder; conf/ is at the repository root. */
    private static Path repoFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
