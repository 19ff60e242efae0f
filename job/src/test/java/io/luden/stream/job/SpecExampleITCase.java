package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.PostgresFixture;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * SPEC §12's example configuration, run unchanged against a real PostgreSQL (database
 * {@code analytics}, user {@code luden}, password from {@code PG_PASSWORD}) but for the two values
 * that name this machine's things: the database port and the MaxMind file (MaxMind's test database).
 */
class SpecExampleITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String SPEC_EXAMPLE = String.join("\n",
            "api_keys:",
            "  - {id: web, client_secret: js_secret, server_secret: s2s_secret}",
            "spool: {dir: events/incoming}",
            "log: {path: events}                      # events/failed, events/archive",
            "state: {dir: state, checkpoint_interval: 10s}   # checkpoints; a restart resumes from the latest",
            "geo: {maxmind_path: /data/GeoLite2-City.mmdb}",
            "destinations:",
            "  pg_main:",
            "    type: postgres                       # postgres | redshift | snowflake | mysql | clickhouse | ...",
            "    mode: stream",
            "    only_tokens: [web]",
            "    datasource: {host: localhost, port: 5432, db: analytics, schema: public,",
            "                 username: luden, password: \"${env:PG_PASSWORD}\", parameters: {sslmode: disable}}",
            "    data_layout:",
            "      table_name_template: \"{{.event_type}}\"",
            "      primary_key_fields: [eventn_ctx_event_id]",
            "      transform: \"return $\"",
            "    enrichment: [{name: ip_lookup, from: /source_ip, to: /location}]",
            "");

    @TempDir
    Path dir;

    @Test
    void specExampleRunsUnchangedAgainstPostgres() throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        // SPEC's database and role, new for this test (LauncherITCase uses the same names in this JVM's Postgres)
        pg.execute("DROP DATABASE IF EXISTS analytics WITH (FORCE)");
        pg.execute("DROP ROLE IF EXISTS luden");
        pg.execute("CREATE ROLE luden LOGIN PASSWORD 'spec-secret'");
        pg.execute("CREATE DATABASE analytics OWNER luden");
        Map<String, String> env = Map.of("PG_PASSWORD", "spec-secret");
        Path file = dir.resolve("luden.yaml");

        Files.writeString(file, SPEC_EXAMPLE);
        assertThatThrownBy(() -> StartupChecks.load(file, env, dir)).isInstanceOf(ConfigException.class)
                .hasMessage("geo.maxmind_path: no such file: /data/GeoLite2-City.mmdb");

        String runnable = SPEC_EXAMPLE
                .replace("/data/GeoLite2-City.mmdb", TestData.path("geo/GeoLite2-City-Test.mmdb").toString())
                .replace("port: 5432", "port: " + pg.port());
        Files.writeString(file, runnable);
        LudenConfig config = StartupChecks.load(file, env, dir);
        Path spool = Files.createDirectories(dir.resolve("events/incoming"));
        Files.writeString(spool.resolve("web.log"), String.join("\n",
                "{\"api_key\":\"js_secret\",\"event_type\":\"pageview\",\"eventn_ctx_event_id\":\"p1\",\"url\":\"/a\",\"source_ip\":\"81.2.69.142\"}",
                "{\"api_key\":\"s2s_secret\",\"event_type\":\"purchase\",\"eventn_ctx_event_id\":\"b1\",\"total\":9.5}",
                "{\"api_key\":\"js_secret\",\"event_type\":\"pageview\",\"eventn_ctx_event_id\":\"p1\",\"url\":\"/a-updated\"}",
                "{\"api_key\":\"other\",\"event_type\":\"pageview\",\"eventn_ctx_event_id\":\"x1\"}", ""));

        Map<String, Map<String, Long>> summary = new PipelineRunner(dir).run(config);

        assertThat(summary.get("pg_main")).contains(entry(Summary.LOADED, 3L));
        assertThat(summary.get(Summary.SPOOL)).contains(entry(Summary.NO_DESTINATION, 1L));
        try (var c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pg.port() + "/analytics", "luden", "spec-secret");
             var st = c.createStatement()) {
            var rs = st.executeQuery("SELECT url FROM public.pageview");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("/a-updated"); // primary_key_fields: the replay updated the row
            assertThat(rs.next()).isFalse();
            rs = st.executeQuery("SELECT location_city, location_country FROM public.pageview"); // enrichment: ip_lookup
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("London");
            assertThat(rs.getString(2)).isEqualTo("GB");
            rs = st.executeQuery("SELECT total FROM public.purchase");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(9.5);
        }
        assertThat(Files.isDirectory(dir.resolve("events/archive/dst=pg_main"))).isTrue();
    }
}
