package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code destinations:} section: types, modes, tokens, datasources, data_layout, Jitsu keys. */
class DestinationConfigTest {
    private static final String PG = """
            destinations:
              pg_main:
                type: postgres
                datasource: {host: db.local, db: analytics}
            """;

    @TempDir
    Path dir;

    private DestinationConfig only(String yaml) throws ConfigException {
        return only(yaml, Map.of());
    }

    private DestinationConfig only(String yaml, Map<String, String> env) throws ConfigException {
        Map<String, DestinationConfig> all = load(dir, yaml, env).destinations();
        assertThat(all).hasSize(1);
        return all.values().iterator().next();
    }

    @Test
    void readsAPostgresDestinationWithDefaults() throws Exception {
        DestinationConfig d = only(PG);

        assertThat(d.id()).isEqualTo("pg_main");
        assertThat(d.type()).isEqualTo("postgres");
        assertThat(d.onlyTokens()).isNull();
        ConnectionSettings c = d.connection();
        assertThat(c.type()).isEqualTo("postgres");
        assertThat(c.host()).isEqualTo("db.local");
        assertThat(c.port()).isEqualTo(5432);
        assertThat(c.db()).isEqualTo("analytics");
        assertThat(c.schema()).isEqualTo("public");
        assertThat(c.username()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.parameters()).isEmpty();
        assertThat(d.dataLayout().tableNameTemplate()).isEqualTo("events");
        assertThat(d.dataLayout().primaryKeyFields()).isEmpty();
    }

    @Test
    void readsEveryPostgresDatasourceKey() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  pg:
                    type: postgres
                    datasource:
                      host: h
                      port: 6543
                      db: d
                      schema: web
                      username: luden
                      password: "${env:PG_PASSWORD}"
                      parameters: {sslmode: disable, connect_timeout: 600, tcpKeepAlive: true}
                """, Map.of("PG_PASSWORD", "s3cret"));

        ConnectionSettings c = d.connection();
        assertThat(c.port()).isEqualTo(6543);
        assertThat(c.schema()).isEqualTo("web");
        assertThat(c.username()).isEqualTo("luden");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.parameters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("sslmode", "disable", "connect_timeout", "600", "tcpKeepAlive", "true"));
    }

    @Test
    void keepsAQuotedEmptyPassword() throws Exception {
        DestinationConfig d = only(PG.replace("db: analytics}", "db: analytics, password: \"\"}"));

        assertThat(d.connection().password()).isEmpty();
    }

    @Test
    void acceptsJitsuShapedPostgresDestination() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  my_pg:
                    type: postgres
                    only_tokens: [js.secret, 12345]
                    config:
                      host: h
                      port: "5433"
                      db: d
                      username: u
                      password: 007
                """);

        assertThat(d.connection().port()).isEqualTo(5433);
        assertThat(d.connection().password()).isEqualTo("007");
        assertThat(d.onlyTokens()).containsExactly("js.secret", "12345");
    }

    @Test
    void keepsSecretsThatLookLikeNumbersOrBooleansAsWritten() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  pg:
                    type: postgres
                    only_tokens: [yes, 0x1F, 1e5]
                    datasource: {host: h, db: d, username: on, password: 010, parameters: {connect_timeout: 0600}}
                """);

        assertThat(d.connection().username()).isEqualTo("on");
        assertThat(d.connection().password()).isEqualTo("010");
        assertThat(d.connection().parameters()).containsEntry("connect_timeout", "0600");
        assertThat(d.onlyTokens()).containsExactly("yes", "0x1F", "1e5");
    }

    @Test
    void rejectsANonNumericPortWithItsPathAndValue() {
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, port: abc}")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("destinations.pg_main.datasource.port: expected an integer, got \"abc\"");
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, port: 54.32}")))
                .hasMessage("destinations.pg_main.datasource.port: expected an integer, got 54.32");
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, port: 70000}")))
                .hasMessage("destinations.pg_main.datasource.port: expected a port between 1 and 65535, got 70000");
    }

    @Test
    void namesTheJitsuAliasInErrorPaths() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg: {type: postgres, config: {host: h, db: d, port: x}}\n"))
                .hasMessage("destinations.pg.config.port: expected an integer, got \"x\"");
    }

    @Test
    void requiresPostgresHostAndDb() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg: {type: postgres, datasource: {db: d}}\n"))
                .hasMessage("destinations.pg.datasource: missing required key 'host'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg: {type: postgres, datasource: {host: h, db: ''}}\n"))
                .hasMessage("destinations.pg.datasource.db: must not be empty");
    }

    @Test
    void requiresADatasourceForPostgres() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg: {type: postgres}\n"))
                .hasMessage("destinations.pg: missing required key 'datasource' (or Jitsu's 'config')");
    }

    @Test
    void rejectsDatasourceAndConfigTogether() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg: {type: postgres, datasource: {host: h, db: d},"
                + " config: {host: h, db: d}}\n"))
                .hasMessageStartingWith("destinations.pg: both 'datasource' and 'config' are set");
    }

    @Test
    void rejectsUnknownDatasourceKeyWithANearMiss() {
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, usernme: u}")))
                .hasMessage("destinations.pg_main.datasource.usernme: unknown key (did you mean 'username'?)");
    }

    @Test
    void refusesJitsuSslBlockPointingToJdbcParameters() {
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, ssl: {mode: require}}")))
                .hasMessageStartingWith("destinations.pg_main.datasource.ssl: not supported; set the PostgreSQL JDBC"
                        + " parameters instead");
    }

    @Test
    void rejectsParameterValuesThatAreNotScalars() {
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, parameters: {a: [1]}}")))
                .hasMessage("destinations.pg_main.datasource.parameters.a: expected a string, got a list");
    }

    @Test
    void readsADuckDbDestinationWithoutDatasource() throws Exception {
        DestinationConfig d = only("destinations:\n  wh: {type: duckdb}\n");

        assertThat(d.connection().type()).isEqualTo("duckdb");
        assertThat(d.connection().path()).isEqualTo(dir.resolve("data/warehouse.duckdb").toString());
        assertThat(d.connection().schema()).isEqualTo("main");
    }

    @Test
    void resolvesTheDuckDbPathAgainstBaseDir() throws Exception {
        DestinationConfig d = only("destinations:\n  wh: {type: duckdb, config: {path: ./db/../w.duckdb, schema: raw}}\n");

        assertThat(d.connection().path()).isEqualTo(dir.resolve("w.duckdb").toString());
        assertThat(d.connection().schema()).isEqualTo("raw");
    }

    @Test
    void rejectsPostgresKeysOnADuckDbDatasource() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, datasource: {host: h}}\n"))
                .hasMessage("destinations.wh.datasource.host: unknown key (expected one of: path, schema)");
    }

    @Test
    void requiresAType() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg_main: {datasource: {host: h, db: d}}\n"))
                .hasMessage("destinations.pg_main: missing required key 'type'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg_main:\n"))
                .hasMessage("destinations.pg_main: missing required key 'type'");
        assertThatThrownBy(() -> load(dir, "destinations:\n  pg_main: {type: }\n"))
                .hasMessage("destinations.pg_main.type: a value is required");
    }

    /** The types this release writes, as the start-up error lists them. */
    private static final String SUPPORTED = "(supported: bigquery, clickhouse, duckdb, guinsoo, h2, mysql, postgres, redshift, s3, snowflake, webhook)";

    @Test
    void refusesKnownWarehouseTypesThatComeLater() {
        for (String type : new String[] {"gcs",
                "google_analytics", "facebook", "amplitude", "hubspot", "npm", "tag"}) {
            assertThatThrownBy(() -> load(dir, "destinations:\n  x: {type: " + type + "}\n"))
                    .hasMessage("destinations.x.type: '" + type + "' is not supported yet " + SUPPORTED);
        }
    }

    @Test
    void rejectsUnknownTypeSuggestingTheClosest() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  x: {type: oracle}\n"))
                .hasMessage("destinations.x.type: unknown destination type 'oracle' " + SUPPORTED);
        assertThatThrownBy(() -> load(dir, "destinations:\n  x: {type: postgress}\n"))
                .hasMessage("destinations.x.type: unknown destination type 'postgress' " + SUPPORTED + ";"
                        + " did you mean 'postgres'?");
    }

    @Test
    void streamModeFlushesEvery50msAndBatchModeEveryFiveMinutesByDefault() throws Exception {
        LudenConfig stream = load(dir, "destinations:\n  wh: {type: duckdb, mode: stream}\n");
        assertThat(stream.warnings()).isEmpty();
        assertThat(stream.destinations().get("wh").batch().maxRows()).isEqualTo(10_000);
        assertThat(stream.destinations().get("wh").batch().maxDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(load(dir, "destinations:\n  wh: {type: duckdb}\n").destinations().get("wh").batch().maxDelay())
                .isEqualTo(Duration.ofMillis(50));

        LudenConfig batch = load(dir, "destinations:\n  wh: {type: duckdb, mode: batch}\n");
        assertThat(batch.warnings()).isEmpty();
        assertThat(batch.destinations().get("wh").batch().maxRows()).isEqualTo(10_000);
        assertThat(batch.destinations().get("wh").batch().maxDelay()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void batchLimitsAreReadAndChecked() throws Exception {
        BatchSettings one = load(dir, "destinations:\n  wh: {type: duckdb, batch: {max_rows: 1}}\n")
                .destinations().get("wh").batch();
        assertThat(one.maxRows()).isEqualTo(1);
        assertThat(one.maxDelay()).isEqualTo(Duration.ofMillis(50));
        BatchSettings set = load(dir, "destinations:\n  wh: {type: duckdb, mode: batch, batch: {max_rows: 500, max_delay: 0s}}\n")
                .destinations().get("wh").batch();
        assertThat(set.maxRows()).isEqualTo(500);
        assertThat(set.maxDelay()).isZero();

        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, batch: {max_rows: 0}}\n"))
                .hasMessage("destinations.wh.batch.max_rows: must be between 1 (each event on its own) and 1000000, got 0");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, batch: {max_delay: soon}}\n"))
                .hasMessageStartingWith("destinations.wh.batch.max_delay: expected a duration with a unit");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, batch: {max_row: 5}}\n"))
                .hasMessageContaining("destinations.wh.batch.max_row");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, batch: 100}\n"))
                .hasMessageStartingWith("destinations.wh.batch: expected a map with max_rows and/or max_delay");
    }

    @Test
    void rejectsOtherModes() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, mode: synchronous}\n"))
                .hasMessage("destinations.wh.mode: 'synchronous' is not supported (expected stream or batch)");
    }

    @Test
    void treatsEmptyOnlyTokensAsEveryToken() throws Exception {
        assertThat(only("destinations:\n  wh: {type: duckdb, only_tokens: []}\n").onlyTokens()).isNull();
    }

    @Test
    void warnsWhenOnlyTokensNamesNoApiKey() throws Exception {
        LudenConfig c = load(dir, "api_keys: [{id: web, client_secret: js}]\n"
                + "destinations:\n  wh: {type: duckdb, only_tokens: [web, js, mobile]}\n");

        assertThat(c.destinations().get("wh").onlyTokens()).containsExactly("web", "js", "mobile");
        assertThat(c.warnings()).singleElement().asString()
                .startsWith("destinations.wh.only_tokens[2]: 'mobile' is no id or secret in api_keys");
    }

    @Test
    void rejectsOnlyTokensThatIsNotAList() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, only_tokens: {a: b}}\n"))
                .hasMessage("destinations.wh.only_tokens: expected a list, got a map");
    }

    @Test
    void readsDataLayout() throws Exception {
        DestinationConfig d = only("""
                destinations:
                  wh:
                    type: duckdb
                    data_layout:
                      table_name_template: "{{.event_type}}"
                      primary_key_fields: [eventn_ctx_event_id]
                """);

        assertThat(d.dataLayout().tableNameTemplate()).isEqualTo("{{.event_type}}");
        assertThat(d.dataLayout().primaryKeyFields()).containsExactly("eventn_ctx_event_id");
    }

    @Test
    void acceptsJitsuDestinationKeysWithoutEffectWithAWarningEach() throws Exception {
        LudenConfig c = load(dir, """
                destinations:
                  wh:
                    type: duckdb
                    staged: false
                    caching: {disabled: true}
                    streaming_threads_count: 4
                    break_on_error: true
                    log: {ddl: {path: logs}}
                    post_handle_destinations: [dbt]
                    geo_data_resolver_id: mm
                    data_layout:
                      unique_id_field: /eventn_ctx/event_id||/eventn_ctx_event_id||/event_id
                      transform_enabled: false
                """);

        assertThat(c.warnings()).extracting(w -> w.substring(0, w.indexOf(": ")))
                .containsExactly("destinations.wh.staged", "destinations.wh.caching",
                        "destinations.wh.streaming_threads_count", "destinations.wh.break_on_error",
                        "destinations.wh.log", "destinations.wh.post_handle_destinations",
                        "destinations.wh.geo_data_resolver_id",
                        "destinations.wh.data_layout.unique_id_field");
        assertThat(c.warnings()).allMatch(w -> w.contains(": ignored: ") && w.endsWith("."));
    }

    @Test
    void readsMaxColumnsWithoutAWarning() throws Exception {
        LudenConfig c = load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: 100}}\n");

        assertThat(c.warnings()).isEmpty();
        assertThat(c.destinations().get("wh").dataLayout().maxColumns()).isEqualTo(100);
        assertThat(load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: \"7\"}}\n")
                .destinations().get("wh").dataLayout().maxColumns()).isEqualTo(7);
    }

    @Test
    void maxColumnsDefaultsToJitsusWarningThreshold() throws Exception {
        assertThat(only("destinations:\n  wh: {type: duckdb}\n").dataLayout().maxColumns()).isEqualTo(1000);
        assertThat(DataLayout.defaults().maxColumns()).isEqualTo(1000);
    }

    @Test
    void rejectsMaxColumnsThatIsNotAPositiveIntegerWithItsPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: 0}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("destinations.wh.data_layout.max_columns: must be at least 1, got 0");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: -3}}\n"))
                .hasMessage("destinations.wh.data_layout.max_columns: must be at least 1, got -3");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: lots}}\n"))
                .hasMessage("destinations.wh.data_layout.max_columns: expected an integer, got \"lots\"");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {max_columns: 1.5}}\n"))
                .hasMessageStartingWith("destinations.wh.data_layout.max_columns: expected an integer");
        assertThatThrownBy(() -> new DataLayout(null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTransformEnabledTrueSilently() throws Exception {
        assertThat(load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {transform_enabled: true}}\n")
                .warnings()).isEmpty();
    }

    @Test
    void rejectsAnotherUniqueIdField() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {unique_id_field: /id}}\n"))
                .hasMessageStartingWith("destinations.wh.data_layout.unique_id_field: a unique id field other than"
                        + " Jitsu's default")
                .hasMessageEndingWith("is not supported");
    }

    @Test
    void refusesUsersRecognitionAsNotSupportedYet() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, users_recognition: {enabled: true}}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("destinations.wh.users_recognition: users recognition is not supported yet");
    }

    @Test
    void rejectsUnknownDestinationKeyWithItsPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, only_token: [a]}\n"))
                .hasMessage("destinations.wh.only_token: unknown key (did you mean 'only_tokens'?)");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, data_layout: {table_name: t}}\n"))
                .hasMessageStartingWith("destinations.wh.data_layout.table_name: unknown key");
    }

    @Test
    void rejectsDestinationsThatAreNotAMap() {
        assertThatThrownBy(() -> load(dir, "destinations: [wh]\n"))
                .hasMessage("destinations: expected a map of destination id to destination, got a list");
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: duckdb\n"))
                .hasMessage("destinations.wh: expected a map, got \"duckdb\"");
    }

    @Test
    void rejectsDestinationIdsThatCannotNameAFile() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  'a/b': {type: duckdb}\n"))
                .hasMessageStartingWith("destinations.a/b: a destination id must be non-empty");
    }

    @Test
    void keepsDestinationsInFileOrder() throws Exception {
        LudenConfig c = load(dir, "destinations:\n  zeta: {type: duckdb}\n  alpha: {type: duckdb}\n  mid: {type: duckdb}\n");

        assertThat(c.destinations().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void substitutesEnvironmentVariablesInDestinations() throws Exception {
        DestinationConfig d = only("destinations:\n  pg: {type: postgres, datasource: {host: '${env:PGHOST}',"
                + " port: '${env:PGPORT}', db: 'events_${env:STAGE}'}}\n",
                Map.of("PGHOST", "10.0.0.5", "PGPORT", "6432", "STAGE", "test"));

        assertThat(d.connection().host()).isEqualTo("10.0.0.5");
        assertThat(d.connection().port()).isEqualTo(6432);
        assertThat(d.connection().db()).isEqualTo("events_test");
    }

    @Test
    void rejectsAMissingEnvironmentVariableInADatasource() {
        assertThatThrownBy(() -> load(dir, PG.replace("db: analytics}", "db: analytics, password: '${env:PG_PASSWORD}'}")))
                .hasMessage("destinations.pg_main.datasource.password: environment variable PG_PASSWORD is not set");
    }
}
