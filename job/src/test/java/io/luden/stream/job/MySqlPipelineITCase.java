package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.config.ConfigLoader;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The whole job on a MiniCluster, loading Jitsu's and Bulker's test data into a real MariaDB as {@code type: mysql}. */
class MySqlPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final MySqlFixture my = MySqlFixture.get();

    @TempDir
    Path dir;

    /** A {@code type: mysql} destination in Jitsu's shape ({@code config:}), writing to database {@code db}. */
    private String destination(String id, String db, String extra) {
        return "  " + id + ":\n"
                + "    type: mysql\n"
                + "    mode: stream\n"
                + "    config: {host: localhost, port: " + my.port() + ", db: " + db + ", username: root, password: ''}\n"
                + extra;
    }

    private long count(String db, String table) {
        return ((Number) my.query("SELECT count(*) AS n FROM `" + db + "`.`" + table + "`").get(0).get("n")).longValue();
    }

    @Test
    void loadsJitsuFixtureArchivesItAndAFreshRerunOrReplayAddsNoRows() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact.log"));
        // the same event (same id) twice in the spool
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("my", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("my")).contains(entry(Summary.LOADED, 9L), entry(Summary.SKIPPED, 1L));
        assertThat(summary.get("my").getOrDefault(Summary.FAILED, 0L)).isZero();
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(count("jitsu_fact", "dup_2020_08")).isEqualTo(1);
        assertThat(my.declaredTypes("jitsu_fact", "notification_2020_08")).contains(
                entry("_geo_data_latitude", "double"), entry("key1_key2", "text"), entry("key5", "text"),
                entry("_timestamp", "datetime(6)"), entry("eventn_ctx_event_id", "varchar(255)"));
        assertThat(my.query("SELECT * FROM jitsu_fact.notification_2020_08")).singleElement().satisfies(r -> {
            assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
            assertThat(r.get("_geo_data_longitude")).isEqualTo(-73.9502);
            assertThat(r.get("key1_key2")).isEqualTo("123");
            assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
        });
        assertThat(my.query("SELECT key10_sib1_1 FROM jitsu_fact.user_2020_08 ORDER BY key10_sib1_1"))
                .extracting(r -> r.get("key10_sib1_1")).containsExactly(null, "50.0", "k");
        assertThat(my.query("SELECT _geo_data_zip FROM jitsu_fact.user_2020_08 WHERE _geo_data_zip IS NOT NULL"))
                .extracting(r -> r.get("_geo_data_zip")).containsExactly(10128L);
        assertThat(run.lines("archive", "dst=my")).hasSize(9);
        assertThat(run.lines("failed", "dst=my")).isEmpty();

        run.run(config); // a --fresh rerun over the same spool: every event again
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(count("jitsu_fact", "dup_2020_08")).isEqualTo(1);
        assertThat(count("jitsu_fact", "notification_2020_08")).isEqualTo(1);
    }

    @Test
    void aTypeCollisionGoesToFailedNamingTableColumnTypeAndValue() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        var config = run.config("destinations:\n" + destination("my", "collide", ""));

        assertThat(run.run(config).get("my")).contains(entry(Summary.LOADED, 1L), entry(Summary.FAILED, 1L));

        assertThat(my.declaredTypes("collide", "events")).contains(entry("int_1", "bigint(20)"),
                entry("time1", "datetime(6)"), entry("time3", "text"), entry("float1", "double"),
                entry("bool1", "tinyint(1)")).doesNotContainKey("null1");
        assertThat(my.query("SELECT id, bool1, bool2 FROM collide.events")).singleElement().satisfies(r -> {
            assertThat(r.get("id")).isEqualTo(1L);
            assertThat(r.get("bool1")).isEqualTo(false);
            assertThat(r.get("bool2")).isEqualTo(true);
        });
        assertThat(my.query("SELECT CAST(time1 AS CHAR) AS t FROM collide.events").get(0).get("t"))
                .isEqualTo("2022-08-18 14:17:22.375000");
        JsonNode f = run.onlyFailedLine("my");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).isEqualTo("column \"int_1\" of table \"events\" has type bigint;"
                + " value \"a\" (STRING) not an integer");
        assertThat(f.get("destination_id").asText()).isEqualTo("my");
    }

    @Test
    void reservedWordsAreColumnsAndPrimaryKeyFieldsUpsertKeepingColumnsARowLacks() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("a.log"),
                "{\"eventn_ctx_event_id\":\"k1\",\"user\":\"u\",\"order\":\"first\",\"select\":1,"
                        + "\"utc_time\":\"2020-08-02T18:23:56.123Z\",\"amount\":1.5}\n"
                        + "{\"eventn_ctx_event_id\":\"k1\",\"order\":\"second\",\"utc_time\":\"2020-08-02T18:23:57.456+02:00\"}\n"
                        + "{\"eventn_ctx_event_id\":\"k2\",\"order\":\"other\"}\n");
        var config = run.config("destinations:\n" + destination("my", "upsert",
                "    data_layout: {primary_key_fields: [eventn_ctx_event_id]}\n"));

        assertThat(run.run(config).get("my")).contains(entry(Summary.LOADED, 3L));

        assertThat(my.query("SELECT `order`, `user`, `select`, amount,"
                + " CAST(`utc_time` AS CHAR) AS utc FROM upsert.events" // unquoted, utc_time is the function UTC_TIME()
                + " ORDER BY eventn_ctx_event_id")).satisfiesExactly(
                r -> assertThat(r).containsEntry("order", "second").containsEntry("user", "u").containsEntry("select", 1L)
                        .containsEntry("amount", 1.5).containsEntry("utc", "2020-08-02 16:23:57.456000"),
                r -> assertThat(r).containsEntry("order", "other").containsEntry("user", null));
        assertThat(my.declaredTypes("upsert", "events")).containsEntry("utc_time", "datetime(6)");
        assertThat(my.query("SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'upsert'"
                + " AND TABLE_NAME = 'events' AND CONSTRAINT_NAME = 'PRIMARY'")).extracting(r -> r.get("c"))
                .containsExactly("eventn_ctx_event_id");
        assertThat(run.lines("archive", "dst=my")).hasSize(3);
    }

    @Test
    void hostileKeysBecomeQuotedColumnsFoldedToMySqlsLimit() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_identifiers.ndjson"), run.spool().resolve("ids.ndjson"));
        var config = run.config("destinations:\n" + destination("my", "idents", ""));

        assertThat(run.run(config).get("my")).contains(entry(Summary.LOADED, 1L));

        Map<String, Object> row = my.query("SELECT * FROM idents.events").get(0);
        assertThat(row).contains(entry("id", 0L), entry("name", "dummy"), entry("user", 14L), entry("select", 15L),
                entry("default", 18L), entry("current_time", 19L), entry("int", 13L));
        assertThat(row.keySet()).allMatch(c -> c.matches("[a-z0-9_]{1,64}"));
        assertThat(row.keySet()).anyMatch(c -> c.length() > 59); // MySQL's limit is 64, not PostgreSQL's 59
    }

    @Test
    void manyEventsGoThroughTheMultiRowInsertExactly() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            lines.append("{\"eventn_ctx_event_id\":\"id").append(i).append("\",\"n\":").append(i)
                    .append(",\"f\":").append(i).append(".25,\"s\":\"it's \\\\ \\\"").append(i)
                    .append("\\\" \\ud83d\\ude00\",\"_timestamp\":\"2021-01-01T00:00:00.").append(String.format("%06d", i))
                    .append("Z\"}\n");
        }
        Files.writeString(run.spool().resolve("many.log"), lines);
        var config = run.config("destinations:\n" + destination("my", "many", ""));

        assertThat(run.run(config).get("my")).contains(entry(Summary.LOADED, 2000L));

        assertThat(count("many", "events")).isEqualTo(2000);
        assertThat(my.query("SELECT n, f, s, CAST(_timestamp AS CHAR) AS t FROM many.events WHERE eventn_ctx_event_id = 'id1234'"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("n")).isEqualTo(1234L);
                    assertThat(r.get("f")).isEqualTo(1234.25);
                    assertThat(r.get("s")).isEqualTo("it's \\ \"1234\" \uD83D\uDE00");
                    assertThat(r.get("t")).isEqualTo("2021-01-01 00:00:00.001234");
                });
        assertThat(((BigDecimal) my.query("SELECT SUM(n) AS s FROM many.events").get(0).get("s")).longValue())
                .isEqualTo(1999L * 2000 / 2);
    }

    /** conf/examples/mysql.yaml as a user runs it (its port pointed at the test's MariaDB): the quick-start sample loads. */
    @Test
    void theExampleConfigurationLoadsTheQuickstartSample() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("../samples/quickstart-events.log"), run.spool().resolve("quickstart-events.log"));
        String example = Files.readString(TestData.path("../conf/examples/mysql.yaml"))
                .replace("port: 3306", "port: " + my.port())
                .replace("db: analytics", "db: example_analytics")
                .replace("spool: {dir: events/incoming}", "spool: {dir: " + run.spool() + "}")
                .replace("log: {path: events}", "log: {path: " + run.logPath() + "}");
        Path file = dir.resolve("mysql.yaml");
        Files.writeString(file, example);
        var config = ConfigLoader.load(file, Map.of("MYSQL_PASSWORD", ""), dir);

        assertThat(run.run(config).get("mysql_main")).contains(entry(Summary.LOADED, 12L));

        assertThat(count("example_analytics", "pageview")).isEqualTo(10);
        assertThat(count("example_analytics", "identify")).isEqualTo(2);
        assertThat(my.query("SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = 'example_analytics'").get(0).get("cs")).isEqualTo("utf8mb4");
    }
}
