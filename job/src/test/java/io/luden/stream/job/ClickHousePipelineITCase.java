package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.ClickHouseFixture;
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
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster loading into the real ClickHouse engine (chDB behind the test HTTP
 * adapter) with Jitsu's {@code config:} block: spool → ReplacingMergeTree tables, a bad event to
 * {@code failed}, archive lines, and a {@code --fresh} rerun that adds no row (counted without FINAL).
 */
class ClickHousePipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final ClickHouseFixture ch = ClickHouseFixture.get();

    @TempDir
    Path dir;

    private String destination(String id, String db, String extra) {
        return "  " + id + ":\n"
                + "    type: clickhouse\n"
                + "    config:\n"
                + "      dsns: [\"http://default:@127.0.0.1:" + ch.port() + "\"]\n"
                + "      db: " + db + "\n"
                + extra;
    }

    private long count(String db, String table) {
        return ((Number) ch.query("SELECT count() AS n FROM \"" + db + "\".\"" + table + "\"").get(0).get("n")).longValue();
    }

    @Test
    void loadsJitsuFixtureIntoReplacingMergeTreesAndAFreshRerunAddsNoRows() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact.log"));
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56.123456Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56.123456Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("ch", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("ch")).contains(entry(Summary.LOADED, 9L), entry(Summary.SKIPPED, 1L));
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(count("jitsu_fact", "dup_2020_08")).isEqualTo(1);
        assertThat(ch.query("SELECT engine, partition_key, sorting_key FROM system.tables"
                + " WHERE database = 'jitsu_fact' AND name = 'user_2020_08'")).singleElement().satisfies(r -> {
                    assertThat(r.get("engine")).isEqualTo("ReplacingMergeTree");
                    assertThat(r.get("partition_key")).isEqualTo("(toYYYYMM(_timestamp))");
                    assertThat(r.get("sorting_key")).isEqualTo("(eventn_ctx_event_id)");
                });
        assertThat(ch.columnTypes("jitsu_fact", "notification_2020_08")).contains(entry("_geo_data_latitude", "Float64"),
                entry("key1_key2", "String"), entry("_timestamp", "DateTime64(6, 'UTC')"), entry("key5", "String"));
        assertThat(ch.query("SELECT key5, _geo_data_latitude, key1_key2 FROM jitsu_fact.notification_2020_08"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
                    assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
                    assertThat(r.get("key1_key2")).isEqualTo("123");
                });
        assertThat(ch.text("jitsu_fact", "dup_2020_08", "_timestamp", "true")).isEqualTo("2020-08-02 18:23:56.123456");
        assertThat(run.lines("archive", "dst=ch")).hasSize(9);
        assertThat(run.lines("failed", "dst=ch")).isEmpty();

        run.run(config); // a --fresh rerun over the same spool: new job, same events
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(count("jitsu_fact", "user_2020_07")).isEqualTo(1);
        assertThat(count("jitsu_fact", "dup_2020_08")).isEqualTo(1);
    }

    @Test
    void typeCollisionSendsTheEventToFailedWithTheColumnTypeAndValue() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        var config = run.config("destinations:\n" + destination("ch", "collide", ""));

        assertThat(run.run(config).get("ch")).contains(entry(Summary.LOADED, 1L), entry(Summary.FAILED, 1L));

        assertThat(ch.columnTypes("collide", "events")).contains(entry("int_1", "Int64"),
                entry("time1", "DateTime64(6, 'UTC')"), entry("time3", "String"), entry("float1", "Float64"),
                entry("bool1", "Bool")).doesNotContainKey("null1");
        assertThat(ch.query("SELECT id FROM collide.events")).extracting(r -> r.get("id")).containsExactly(1L);
        JsonNode f = run.onlyFailedLine("ch");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).contains("int_1").contains("Int64").contains("\"a\"").contains("events");
        assertThat(run.lines("archive", "dst=ch")).hasSize(1);
    }
}
