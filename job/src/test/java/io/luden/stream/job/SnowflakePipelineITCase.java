package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.SnowflakeFixture;
import io.luden.stream.sinks.testing.TestData;
import io.luden.stream.sinks.testing.snowflake.FakeSnowflake;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster, loading into the test-only fake Snowflake ({@link FakeSnowflake})
 * through the real snowflake-jdbc driver, configured with Jitsu's Snowflake keys. What it proves
 * against a fake: the job's Snowflake writer, configured as a user configures it, turns spool lines
 * into the rows a Snowflake-like engine ends up with, fails what Snowflake would refuse, archives what
 * it wrote and does not write a row twice on a rerun — not that real Snowflake accepts every statement.
 */
class SnowflakePipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final SnowflakeFixture sf = SnowflakeFixture.get();

    @TempDir
    Path dir;

    /** A destination with Jitsu's Snowflake keys, pointed at the fake by Luden's {@code host} and the fake's parameters. */
    private String destination(String id, String schema, String extra) {
        FakeSnowflake server = sf.server();
        return "  " + id + ":\n    type: snowflake\n    mode: stream\n    config:\n"
                + "      account: luden\n      host: " + server.host() + "\n      port: " + server.port() + "\n"
                + "      db: LUDEN\n      schema: " + schema + "\n      username: luden\n      password: secret\n"
                + "      warehouse: LUDEN_WH\n      parameters: {ssl: 'off', loginTimeout: '10', maxHttpRetries: '1'}\n"
                + extra;
    }

    private long count(String schema, String table) {
        return ((Number) sf.query("SELECT count(*) AS n FROM " + schema + "." + table).get(0).get("n")).longValue();
    }

    @Test
    void loadsJitsuErrorLinesFixtureIntoTablesAndArchivesEveryLine() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact.log"));
        var config = run.config("destinations:\n" + destination("sf", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("sf")).contains(entry(Summary.READ, 8L), entry(Summary.LOADED, 7L),
                entry(Summary.SKIPPED, 1L));
        assertThat(summary.get("sf").getOrDefault(Summary.FAILED, 0L)).isZero();
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(sf.columnTypes("jitsu_fact", "notification_2020_08")).contains(entry("_geo_data_latitude", "DOUBLE PRECISION"),
                entry("key1_key2", "TEXT"), entry("_timestamp", "TIMESTAMP_NTZ(6)"), entry("key5", "TEXT"));
        assertThat(sf.query("SELECT key5, _geo_data_latitude FROM jitsu_fact.notification_2020_08")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
                    assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
                });
        assertThat(run.lines("archive", "dst=sf")).hasSize(7);
        assertThat(run.lines("failed", "dst=sf")).isEmpty();
        // rows went in by MERGE on the event id, never by a plain INSERT (the tables have the declared key)
        assertThat(sf.server().queries(sql -> sql.startsWith("INSERT INTO jitsu_fact."))).isEmpty();
        assertThat(sf.server().queries(sql -> sql.startsWith("MERGE INTO jitsu_fact."))).isNotEmpty();
        // and nothing but the protocol: no telemetry, no other endpoint
        assertThat(sf.server().requests()).extracting(r -> r.path.replaceAll("\\?.*", ""))
                .allMatch(p -> p.equals("/session/v1/login-request") || p.equals("/queries/v1/query-request")
                        || p.equals("/session") || p.equals("/session/token-request") || p.equals("/session/heartbeat"));
    }

    @Test
    void typeCollisionGoesToFailedAndAFreshRerunAddsNoRow() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("sf", "collide", ""));

        assertThat(run.run(config).get("sf")).contains(entry(Summary.FAILED, 1L));

        JsonNode f = run.onlyFailedLine("sf");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).contains("int_1").contains("BIGINT").contains("\"events\"");
        long rows = count("collide", "events");
        assertThat(sf.query("SELECT count(*) AS n FROM collide.events WHERE eventn_ctx_event_id = 'same'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));

        run.run(config);
        assertThat(count("collide", "events")).isEqualTo(rows);
    }
}
