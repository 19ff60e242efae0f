package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: clickhouse} with Jitsu's {@code config:} keys: dsns, db, cluster, engine. */
class ClickHouseDatasourceTest {
    @TempDir
    Path dir;

    private DestinationConfig only(String yaml) throws ConfigException {
        Map<String, DestinationConfig> all = load(dir, yaml).destinations();
        assertThat(all).hasSize(1);
        return all.values().iterator().next();
    }

    @Test
    void readsJitsusClickHouseBlock() throws Exception {
        ConnectionSettings c = only("""
                destinations:
                  ch:
                    type: clickhouse
                    mode: stream
                    config:
                      dsns: ["https://writer:p%40ss@ch1.local:8443/ignored"]
                      db: analytics
                      cluster: main
                      engine:
                        order_fields: [eventn_ctx_event_id, user_id]
                        primary_keys: [eventn_ctx_event_id]
                        nullable_fields: [email]
                        partition_fields: [{function: toYYYYMMDD, field: _timestamp}, {field: app}]
                """).connection();

        assertThat(c.type()).isEqualTo("clickhouse");
        assertThat(c.host()).isEqualTo("ch1.local");
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.db()).isEqualTo("analytics");
        assertThat(c.schema()).isEqualTo("analytics");
        assertThat(c.username()).isEqualTo("writer");
        assertThat(c.password()).isEqualTo("p@ss");
        assertThat(c.parameters()).containsEntry("tls", "true").containsEntry("cluster", "main")
                .containsEntry("engine.order_fields", "eventn_ctx_event_id,user_id")
                .containsEntry("engine.primary_keys", "eventn_ctx_event_id")
                .containsEntry("engine.nullable_fields", "email")
                .containsEntry("engine.partition_fields", "toYYYYMMDD:_timestamp,app");
    }

    @Test
    void databaseFromTheDsnPathAndDefaultHttpPort() throws Exception {
        ConnectionSettings c = only("""
                destinations:
                  ch: {type: clickhouse, datasource: {dsns: ["http://default:@localhost/events_db"]}}
                """).connection();

        assertThat(c.port()).isEqualTo(8123);
        assertThat(c.db()).isEqualTo("events_db");
        assertThat(c.password()).isEmpty();
        assertThat(c.parameters()).doesNotContainKey("tls");
    }

    @Test
    void rawStatementIsKept() throws Exception {
        ConnectionSettings c = only("""
                destinations:
                  ch:
                    type: clickhouse
                    config:
                      dsns: ["http://localhost:8123"]
                      db: d
                      engine: {raw_statement: "ENGINE = MergeTree ORDER BY tuple()"}
                """).connection();

        assertThat(c.parameters()).containsEntry("engine.raw_statement", "ENGINE = MergeTree ORDER BY tuple()");
    }

    @Test
    void errorsNameTheKeyPath() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  ch: {type: clickhouse, config: {db: d}}\n"))
                .hasMessageContaining("destinations.ch.config").hasMessageContaining("dsns");
        assertThatThrownBy(() -> load(dir, "destinations:\n  ch: {type: clickhouse, config: {dsns: [\"tcp://h:9000\"], db: d}}\n"))
                .hasMessageContaining("destinations.ch.config.dsns[0]").hasMessageContaining("http://");
        assertThatThrownBy(() -> load(dir, "destinations:\n  ch: {type: clickhouse, config: {dsns: [\"http://h\"]}}\n"))
                .hasMessageContaining("destinations.ch.config").hasMessageContaining("db");
        assertThatThrownBy(() -> load(dir, "destinations:\n  ch: {type: clickhouse, config: {dsns: [\"http://h\"], db: d,"
                + " engine: {partition_fields: [{function: \"x); DROP\", field: a}]}}}\n"))
                .hasMessageContaining("destinations.ch.config.engine.partition_fields[0].function");
        assertThatThrownBy(() -> load(dir, "destinations:\n  ch: {type: clickhouse, config: {dsns: [\"http://h\"], db: d,"
                + " tls: {maincert: x}}}\n"))
                .hasMessageContaining("destinations.ch.config.tls");
    }

    @Test
    void theClickHouseExampleLoads() throws Exception {
        Path file = Path.of(System.getProperty("luden.repo.dir", "..")).resolve("conf/examples/clickhouse.yaml");

        LudenConfig c = ConfigLoader.load(file, Map.of("CH_PASSWORD", "secret"), dir);

        ConnectionSettings ch = c.destinations().get("ch_main").connection();
        assertThat(ch.type()).isEqualTo("clickhouse");
        assertThat(ch.host()).isEqualTo("localhost");
        assertThat(ch.port()).isEqualTo(8123);
        assertThat(ch.db()).isEqualTo("analytics");
        assertThat(ch.username()).isEqualTo("default");
        assertThat(ch.password()).isEqualTo("secret");
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state/clickhouse").toString());
    }
}
