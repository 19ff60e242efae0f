package io.luden.stream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.ONE_DESTINATION;
import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file as a whole and its top-level sections: api_keys, spool, log, state, and what is refused. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void appliesDefaultsAndResolvesThemAgainstBaseDir() throws Exception {
        LudenConfig c = load(dir, ONE_DESTINATION);

        assertThat(c.apiKeys()).isEmpty();
        assertThat(c.spoolDir()).isEqualTo(dir.resolve("events/incoming").toString());
        assertThat(c.logPath()).isEqualTo(dir.resolve("events").toString());
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state").toString());
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void resolvesRelativePathsAgainstBaseDirAndNormalisesThem() throws Exception {
        LudenConfig c = load(dir, "spool: {dir: ./in/../spool}\nlog: {path: out/logs/}\nstate: {dir: ../st}\n"
                + ONE_DESTINATION);

        assertThat(c.spoolDir()).isEqualTo(dir.resolve("spool").toString());
        assertThat(c.logPath()).isEqualTo(dir.resolve("out/logs").toString());
        assertThat(c.stateDir()).isEqualTo(dir.getParent().resolve("st").toString());
    }

    @Test
    void keepsAbsolutePaths() throws Exception {
        Path elsewhere = dir.resolve("x").toAbsolutePath();
        LudenConfig c = load(dir, "spool: {dir: '" + elsewhere + "/spool'}\n" + ONE_DESTINATION);

        assertThat(c.spoolDir()).isEqualTo(elsewhere.resolve("spool").toString());
    }

    @Test
    void resolvesAgainstBaseDirNotTheConfigFilesFolder() throws Exception {
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Path file = YamlFiles.write(confDir, ONE_DESTINATION);
        Path base = Files.createDirectories(dir.resolve("home"));

        LudenConfig c = ConfigLoader.load(file, Map.of(), base);

        assertThat(c.spoolDir()).isEqualTo(base.resolve("events/incoming").toString());
    }

    @Test
    void readsApiKeysAsMapsAndJitsuStyleStrings() throws Exception {
        LudenConfig c = load(dir, """
                api_keys:
                  - {id: web, client_secret: js_secret, server_secret: s2s_secret, origins: [example.com]}
                  - plain_token
                  - {id: backend}
                """ + ONE_DESTINATION);

        assertThat(c.apiKeys()).hasSize(3);
        ApiKey web = c.apiKeys().get(0);
        assertThat(web.id()).isEqualTo("web");
        assertThat(web.clientSecret()).isEqualTo("js_secret");
        assertThat(web.serverSecret()).isEqualTo("s2s_secret");
        assertThat(web.origins()).containsExactly("example.com");
        ApiKey plain = c.apiKeys().get(1);
        assertThat(plain.id()).isEqualTo("plain_token");
        assertThat(plain.clientSecret()).isEqualTo("plain_token");
        assertThat(plain.serverSecret()).isNull();
        assertThat(c.apiKeys().get(2).clientSecret()).isNull();
    }

    @Test
    void rejectsApiKeyWithoutId() {
        assertThatThrownBy(() -> load(dir, "api_keys:\n  - {client_secret: s}\n" + ONE_DESTINATION))
                .isInstanceOf(ConfigException.class)
                .hasMessage("api_keys[0]: missing required key 'id'");
    }

    @Test
    void rejectsUnknownApiKeyFieldWithItsIndex() {
        assertThatThrownBy(() -> load(dir, "api_keys:\n  - web\n  - {id: a, client_secert: s}\n" + ONE_DESTINATION))
                .hasMessage("api_keys[1].client_secert: unknown key (did you mean 'client_secret'?)");
    }

    @Test
    void rejectsDuplicateTokenIds() {
        assertThatThrownBy(() -> load(dir, "api_keys: [web, {id: web}]\n" + ONE_DESTINATION))
                .hasMessage("api_keys[1]: duplicate token id 'web'");
    }

    @Test
    void rejectsApiKeysThatAreNotAList() {
        assertThatThrownBy(() -> load(dir, "api_keys: {id: web}\n" + ONE_DESTINATION))
                .hasMessage("api_keys: expected a list, got a map");
    }

    @Test
    void readsCheckpointIntervalsWithUnits() throws Exception {
        assertThat(interval("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(interval("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(interval("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(interval("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(interval("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsCheckpointIntervalWithoutUnit() {
        assertThatThrownBy(() -> interval("10"))
                .hasMessage("state.checkpoint_interval: expected a duration with a unit such as 500ms, 10s, 1m30s"
                        + " or 1h, got 10");
        assertThatThrownBy(() -> interval("'10'"))
                .hasMessage("state.checkpoint_interval: expected a duration with a unit such as 500ms, 10s, 1m30s"
                        + " or 1h, got \"10\"");
    }

    @Test
    void rejectsZeroNegativeAndMalformedCheckpointIntervals() {
        assertThatThrownBy(() -> interval("0s")).hasMessage("state.checkpoint_interval: must be greater than zero, got \"0s\"");
        assertThatThrownBy(() -> interval("-10s")).hasMessageStartingWith("state.checkpoint_interval: expected a duration");
        assertThatThrownBy(() -> interval("10 seconds")).hasMessageEndingWith("got \"10 seconds\"");
        assertThatThrownBy(() -> interval("1.5s")).hasMessageEndingWith("got \"1.5s\"");
    }

    private Duration interval(String value) throws ConfigException {
        return load(dir, "state: {checkpoint_interval: " + value + "}\n" + ONE_DESTINATION).checkpointInterval();
    }

    @Test
    void acceptsJitsuLogRotationKeysWithAWarningThatFilesRollOnCheckpoints() throws Exception {
        LudenConfig c = load(dir, "log: {path: logs, rotation_min: 5, show_in_server: true}\n" + ONE_DESTINATION);

        assertThat(c.logPath()).isEqualTo(dir.resolve("logs").toString());
        assertThat(c.warnings()).hasSize(2);
        assertThat(c.warnings().get(0)).startsWith("log.rotation_min: ignored: ").contains("roll on checkpoints");
        assertThat(c.warnings().get(1)).startsWith("log.show_in_server: ignored: ");
    }

    @Test
    void acceptsJitsuServerSectionsWithAWarningEach() throws Exception {
        LudenConfig c = load(dir, """
                server: {port: 8001, auth: [abc]}
                sources: {}
                meta: {storage: {redis: {host: localhost}}}
                coordination: {type: redis}
                notifications: {slack: {url: "${env:NOT_SET_AND_NOT_NEEDED}"}}
                ui: {base_url: /}
                sql_debug_log: {ddl: {path: logs}}
                users_recognition: {enabled: false}
                """ + ONE_DESTINATION);

        assertThat(c.warnings()).extracting(w -> w.substring(0, w.indexOf(':')))
                .containsExactly("server", "sources", "meta", "coordination", "notifications", "ui",
                        "sql_debug_log", "users_recognition");
        assertThat(c.warnings()).allMatch(w -> w.contains(": ignored: "));
    }

    @Test
    void rejectsUnknownKeyWithItsPathAndANearMiss() {
        assertThatThrownBy(() -> load(dir, "spool: {dri: in}\n" + ONE_DESTINATION))
                .hasMessage("spool.dri: unknown key (did you mean 'dir'?)");
        assertThatThrownBy(() -> load(dir, "destination:\n  wh: {type: duckdb}\n"))
                .hasMessage("destination: unknown key (did you mean 'destinations'?)");
    }

    @Test
    void rejectsUnknownKeyWithoutNearMissByListingTheKnownOnes() {
        assertThatThrownBy(() -> load(dir, "state: {folder: x}\n" + ONE_DESTINATION))
                .hasMessage("state.folder: unknown key (expected one of: dir, checkpoint_interval, backend)");
    }

    @Test
    void rejectsSectionOfTheWrongShape() {
        assertThatThrownBy(() -> load(dir, "spool: [a]\n" + ONE_DESTINATION))
                .hasMessage("spool: expected a map, got a list");
        assertThatThrownBy(() -> load(dir, "spool: {dir: [a]}\n" + ONE_DESTINATION))
                .hasMessage("spool.dir: expected a string, got a list");
    }

    @Test
    void treatsAnEmptySectionAsDefaults() throws Exception {
        LudenConfig c = load(dir, "spool:\nlog:\nstate:\n" + ONE_DESTINATION);

        assertThat(c.spoolDir()).isEqualTo(dir.resolve("events/incoming").toString());
    }

    @Test
    void requiresDestinations() {
        assertThatThrownBy(() -> load(dir, "spool: {dir: in}\n"))
                .hasMessage("missing required key 'destinations'");
        assertThatThrownBy(() -> load(dir, "destinations: {}\n"))
                .hasMessage("destinations: at least one destination is required");
    }

    @Test
    void substitutesEnvironmentVariablesInsideStrings() throws Exception {
        LudenConfig c = load(dir, "spool: {dir: '${env:DATA}/in-${env:ENV_NAME}'}\n" + ONE_DESTINATION,
                Map.of("DATA", "/srv/luden", "ENV_NAME", "prod"));

        assertThat(c.spoolDir()).isEqualTo(Path.of("/srv/luden/in-prod").toString());
    }

    @Test
    void rejectsAMissingEnvironmentVariableNamingKeyAndVariable() {
        assertThatThrownBy(() -> load(dir, "log: {path: '${env:LOG_ROOT}/events'}\n" + ONE_DESTINATION))
                .hasMessage("log.path: environment variable LOG_ROOT is not set");
    }

    @Test
    void reportsAMissingFileByName() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void reportsAnUnreadablePathByName() {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir + ": cannot read it");
    }

    @Test
    void reportsInvalidYamlWithFileLineAndColumn() {
        Path file = YamlFiles.write(dir, "spool:\n  dir: [unclosed\nlog: {path: x}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": invalid YAML at line ")
                .hasMessageContaining(", column ");
    }

    @Test
    void reportsADuplicateKeyAsInvalidYaml() {
        Path file = YamlFiles.write(dir, ONE_DESTINATION + "destinations:\n  other: {type: duckdb}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessageStartingWith(file + ": invalid YAML at line 3")
                .hasMessageContaining("destinations");
    }

    @Test
    void resolvesAliasesAndMergeKeysOfMaps() throws Exception {
        LudenConfig c = load(dir, """
                destinations:
                  a: &wh {type: duckdb, datasource: {path: a.duckdb}}
                  b: *wh
                  pg:
                    <<: {type: postgres, mode: stream}
                    datasource:
                      <<: [{host: base, db: base, port: 1}, {db: second}]
                      db: own
                """);

        assertThat(c.destinations().get("b").connection().path()).isEqualTo(dir.resolve("a.duckdb").toString());
        DestinationConfig pg = c.destinations().get("pg");
        assertThat(pg.type()).isEqualTo("postgres");
        assertThat(pg.connection().host()).isEqualTo("base");
        assertThat(pg.connection().db()).isEqualTo("own");
        assertThat(pg.connection().port()).isEqualTo(1);
    }

    @Test
    void refusesAliasesOfSingleValuesInsteadOfUsingTheAliasName() {
        Path file = YamlFiles.write(dir, "destinations:\n  pg: {type: &t postgres, datasource: {host: h, db: *t}}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessageStartingWith(file + ": invalid YAML at line 2, column ")
                .hasMessageContaining("alias *t names no map or list anchored before it");
    }

    @Test
    void reportsAnEmptyFile() {
        Path file = YamlFiles.write(dir, "# nothing yet\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage(file + ": the file is empty; it needs at least a destinations: section");
    }

    @Test
    void reportsATopLevelThatIsNotAMap() {
        Path file = YamlFiles.write(dir, "- a\n- b\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
                .hasMessage(file + ": expected a map of sections at the top level, got a list");
    }

    @Test
    void carriesExitCodeTwo() {
        assertThat(new ConfigException("x").exitCode()).isEqualTo(2);
    }
}
