package io.luden.stream.config;

import io.luden.stream.functions.enrich.EnrichmentRule;
import io.luden.stream.functions.mapping.MappingRule;
import io.luden.stream.functions.mapping.MappingRule.Action;
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
    void refusesTheSpecExampleOnlyForItsMissingMaxMindFile() {
        assertThat(Path.of("/data/GeoLite2-City.mmdb")).doesNotExist();

        assertThatThrownBy(() -> load(dir, SPEC_EXAMPLE, ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessage("geo.maxmind_path: no such file: /data/GeoLite2-City.mmdb");
    }

    @Test
    void loadsTheSpecExampleWithARealMaxMindFile() throws Exception {
        String yaml = replaced(SPEC_EXAMPLE, "geo: {maxmind_path: /data/GeoLite2-City.mmdb}",
                "geo: {maxmind_path: " + YamlFiles.geoCityTestDb() + "}");

        LudenConfig c = load(dir, yaml, ENV);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.maxmindPath()).isEqualTo(YamlFiles.geoCityTestDb().toString());
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
        // "return $" is Jitsu's default transform: no transform to run
        assertThat(pg.dataLayout().transform()).isNull();
        assertThat(pg.dataLayout().mappings()).isNull();
        assertThat(pg.enrichment()).containsExactly(new EnrichmentRule("ip_lookup", "/source_ip", "/location"));
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

        // geo is commented out there, as SPEC's /data/GeoLite2-City.mmdb is rarely at hand
        assertThat(c.warnings()).containsExactly("destinations.pg_main.enrichment[0]: ip_lookup sets nothing"
                + " without a MaxMind database; set geo.maxmind_path.");
        assertThat(c.maxmindPath()).isNull();
        // works after the quick start: its own state dir, and the sample's api_key is the web token's
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state/postgres").toString());
        assertThat(c.apiKeys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("web");
            assertThat(k.clientSecret()).isEqualTo("js.demo.key");
        });
        assertThat(Files.readString(repoFile("samples/quickstart-events.log"))).contains("\"api_key\":\"js.demo.key\"");
        DestinationConfig pg = c.destinations().get("pg_main");
        assertThat(pg.connection().password()).isEqualTo("pw");
        assertThat(pg.dataLayout().primaryKeyFields()).containsExactly("eventn_ctx_event_id");
        assertThat(pg.dataLayout().transform()).isNull();
        assertThat(pg.enrichment()).containsExactly(new EnrichmentRule("ip_lookup", "/source_ip", "/location"));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage("destinations.pg_main.datasource.password: environment variable PG_PASSWORD is not set");
    }

    @Test
    void loadsTheTransformExample() throws Exception {
        LudenConfig c = ConfigLoader.load(repoFile("conf/examples/transform.yaml"), Map.of(), dir);

        assertThat(c.warnings()).isEmpty();
        DataLayout layout = c.destinations().get("warehouse").dataLayout();
        assertThat(layout.transform())
                .startsWith("if ($.event_type === \"heartbeat\") {\n")
                .contains("$[TABLE_NAME] = \"orders\";", "item[TABLE_NAME] = \"order_items\";",
                        "$.__sql_type_revenue = \"numeric(12,2)\";",
                        "__sql_type_price: [\"numeric(12,2)\", \"numeric(12,2)\"]")
                .endsWith("return $;                                        // everything else: as it is\n");
        assertThat(layout.transformTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(layout.mappings()).isNull();
    }

    @Test
    void loadsTheMappingsExample() throws Exception {
        LudenConfig c = ConfigLoader.load(repoFile("conf/examples/mappings.yaml"), Map.of(), dir);

        assertThat(c.warnings()).isEmpty();
        DataLayout layout = c.destinations().get("warehouse").dataLayout();
        assertThat(layout.transform()).isNull();
        assertThat(layout.mappings().keepUnmapped()).isTrue();
        assertThat(layout.mappings().fields()).containsExactly(
                new MappingRule(Action.MOVE, "/user/id", "/user_id", null, null, null),
                new MappingRule(Action.MOVE, "/page_title", "/title", "text", null, null),
                new MappingRule(Action.REMOVE, "/user_agent", null, null, null, null),
                new MappingRule(Action.CAST, null, "/local_tz_offset", "integer", null, null),
                new MappingRule(Action.CONSTANT, null, "/source", null, null, "\"web\""),
                new MappingRule(Action.CONSTANT, null, "/schema_version", null, null, "2"));
    }

    @Test
    void loadsTheEnrichmentExampleWithTheMaxMindPathFromTheEnvironment() throws Exception {
        Path file = repoFile("conf/examples/enrichment.yaml");

        LudenConfig c = ConfigLoader.load(file, Map.of("MAXMIND_PATH", YamlFiles.geoCityTestDb().toString()), dir);

        assertThat(c.warnings()).isEmpty();
        assertThat(c.maxmindPath()).isEqualTo(YamlFiles.geoCityTestDb().toString());
        assertThat(c.destinations().get("warehouse").enrichment()).containsExactly(
                new EnrichmentRule("ip_lookup", "/client_ip", "/client_location"),
                new EnrichmentRule("user_agent_parse", "/app/user_agent", "/app/parsed_ua"));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage("geo.maxmind_path: environment variable MAXMIND_PATH is not set");
    }

    @Test
    void resolvesAgainstTheWorkingDirectoryWithoutABaseDir() throws Exception {
        LudenConfig c = ConfigLoader.load(repoFile("conf/luden.yaml"));

        assertThat(c.spoolDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("events/incoming").toString());
    }

    private static String replaced(String yaml, String line, String by) {
        assertThat(yaml).contains(line);
        return yaml.replace(line, by);
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
