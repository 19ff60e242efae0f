package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The whole job on a MiniCluster, loading Jitsu's and Bulker's test data into a real PostgreSQL. */
class PostgresPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String JITSU_TEMPLATE = "{{if .event_type}}{{if eq .event_type \"skipped\"}}{{else}}{{.event_type}}_"
            + "{{._timestamp.Format \"2006_01\"}}{{end}}{{else}}{{.event_type}}_{{._timestamp.Format \"2006_01\"}}{{end}}";

    private final PostgresFixture pg = PostgresFixture.get();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private String destination(String id, String schema, String extra) {
        return PipelineRunner.postgresDestination(pg, id, schema, extra);
    }

    private long count(String schema, String table) {
        return ((Number) pg.query("SELECT count(*) AS n FROM \"" + schema + "\".\"" + table + "\"").get(0).get("n")).longValue();
    }

    @Test
    void loadsJitsuErrorLinesFixtureWithJitsuTemplate() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact_input_with_error_lines_1.0.log"));
        var config = run.config("destinations:\n" + destination("pg", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("pg")).contains(entry(Summary.READ, 8L), entry(Summary.LOADED, 7L),
                entry(Summary.SKIPPED, 1L));
        assertThat(summary.get("pg").getOrDefault(Summary.FAILED, 0L)).isZero();
        String views = "views_" + DateTimeFormatter.ofPattern("yyyy_MM").format(ZonedDateTime.now(ZoneOffset.UTC));
        List<Map<String, Object>> tables = pg.query("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'jitsu_fact' ORDER BY table_name");
        assertThat(tables).extracting(t -> t.get("table_name"))
                .containsExactlyInAnyOrder("user_2020_08", "user_2020_07", "notification_2020_08", "null_2020_08", views);

        // line 1, 3, 6 → user_2020_08; the column key10_sib1_1 was created as text by line 1, so 50.0 arrives as "50.0"
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        Map<String, String> userTypes = pg.columnTypes("jitsu_fact", "user_2020_08");
        assertThat(userTypes).contains(entry("_geo_data_country", "text"), entry("_geo_data_city", "text"),
                entry("key1_key2", "text"), entry("key10_sib1_1", "text"), entry("_geo_data_zip", "bigint"),
                entry("key1", "text"), entry("key10", "text"), entry("key3", "text"),
                entry("_timestamp", "timestamp without time zone"), entry("eventn_ctx_event_id", "text"));
        assertThat(pg.query("SELECT key10_sib1_1 FROM jitsu_fact.user_2020_08 ORDER BY key10_sib1_1"))
                .extracting(r -> r.get("key10_sib1_1")).containsExactly("50.0", "k", null);
        assertThat(pg.query("SELECT _geo_data_zip, key1, key10 FROM jitsu_fact.user_2020_08 WHERE _geo_data_zip IS NOT NULL"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("_geo_data_zip")).isEqualTo(10128L);
                    assertThat(r.get("key1")).isEqualTo("10");
                    assertThat(r.get("key10")).isEqualTo("[1,2,3,4]");
                });
        // line 2
        assertThat(pg.columnTypes("jitsu_fact", "notification_2020_08")).contains(
                entry("_geo_data_latitude", "double precision"), entry("_geo_data_longitude", "double precision"),
                entry("key1_key2", "text"), entry("key5", "text"));
        assertThat(pg.query("SELECT * FROM jitsu_fact.notification_2020_08")).singleElement().satisfies(r -> {
            assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
            assertThat(r.get("_geo_data_longitude")).isEqualTo(-73.9502);
            assertThat(r.get("key1_key2")).isEqualTo("123");
            assertThat(r.get("key3")).isEqualTo("privvvv");
            assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
        });
        // line 5: the missing event_type becomes "null" inside the name
        assertThat(pg.query("SELECT * FROM jitsu_fact.null_2020_08")).singleElement().satisfies(r -> {
            assertThat(r.get("_geo_data_region")).isEqualTo("null");
            assertThat(r.get("key1")).isEqualTo(9999999.0);
        });
        // line 7
        assertThat(pg.query("SELECT * FROM jitsu_fact.user_2020_07")).singleElement().satisfies(r -> {
            assertThat(r.get("_geo_data_region")).isEqualTo("NY");
            assertThat(r.get("key1")).isEqualTo(120.0);
        });
        // line 4: no _timestamp → the read time
        assertThat(pg.query("SELECT key1000 FROM jitsu_fact." + views)).singleElement()
                .satisfies(r -> assertThat(r.get("key1000")).isEqualTo("super value"));

        assertThat(run.lines("archive", "dst=pg")).hasSize(7);
        assertThat(run.fileNames("archive", "dst=pg")).allMatch(n -> n.matches("streaming-archive\\.dst=pg-.+\\.log"));
        assertThat(run.lines("failed", "dst=pg")).isEmpty();
    }

    @Test
    void freshRerunOverTheSameSpoolLeavesRowCountsUnchanged() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("a.log"));
        // and the same event (same id) twice in the spool
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("pg", "rerun", ""));

        run.run(config);
        long first = count("rerun", "events");
        assertThat(first).isEqualTo(9); // the 8 lines of a.log and one row for the duplicated id
        run.run(config);
        assertThat(count("rerun", "events")).isEqualTo(first);
        assertThat(pg.query("SELECT count(*) AS n FROM rerun.events WHERE eventn_ctx_event_id = 'same'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
    }

    @Test
    void hostileAndOddKeysBecomeQuotedColumnsWithTheirValues() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_identifiers.ndjson"), run.spool().resolve("ids.ndjson"));
        var config = run.config("destinations:\n" + destination("pg", "idents", ""));

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 1L));

        Map<String, Object> row = pg.query("SELECT * FROM idents.events").get(0);
        assertThat(row).contains(entry("id", 0L), entry("name", "dummy"),
                entry("test_name__drop_database_public__select_1_from_dual_", 6L), entry("test_name", 7L),
                entry("1test_name", 8L), entry("2", 9L), entry("_unnamed", 10L), entry("camelcase", 12L),
                entry("int", 13L), entry("user", 14L), entry("select", 15L), entry("__root__", 16L),
                entry("hash", 17L), entry("default", 18L), entry("current_time", 19L));
        assertThat(row.keySet()).allMatch(c -> c.matches("[a-z0-9_]{1,59}"));
        // the 226-character key: every part shortened to 2 characters is still too long, so its
        // last 59 characters are kept (SPEC §8), with its value
        assertThat(row).containsEntry("do_ma_al_ut_en_ad_mi_ve_qu_no_ex_ul_la_ni_ut_al_ex_ea_co_co", 11L);
        assertThat(pg.query("SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'public'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
    }

    @Test
    void typeCollisionSendsTheEventToFailedWithTheColumnTypeAndValue() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        var config = run.config("destinations:\n" + destination("pg", "collide", ""));

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 1L), entry(Summary.FAILED, 1L));

        assertThat(pg.columnTypes("collide", "events")).contains(entry("int_1", "bigint"),
                entry("time1", "timestamp without time zone"), entry("time3", "text"),
                entry("roundfloat", "double precision"), entry("float1", "double precision"),
                entry("intstring", "text"), entry("bool1", "boolean")).doesNotContainKey("null1");
        assertThat(pg.query("SELECT id FROM collide.events")).extracting(r -> r.get("id")).containsExactly(1L);
        JsonNode f = run.onlyFailedLine("pg");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).contains("int_1").contains("bigint").contains("a");
        assertThat(f.get("destination_id").asText()).isEqualTo("pg");
        assertThat(f.get("event_id").asText()).isEqualTo(f.get("event").get("eventn_ctx_event_id").asText());
        assertThat(f.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(run.fileNames("failed", "dst=pg")).allMatch(n -> n.matches("failed\\.dst=pg-.+\\.log"));
    }

    @Test
    void columnsAppearingMidStreamAreAddedAndMissingOnesAreNull() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_columns_added.ndjson"), run.spool().resolve("cols.ndjson"));
        var config = run.config("destinations:\n" + destination("pg", "added", ""));

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 6L));

        assertThat(pg.columnTypes("added", "events")).containsKeys("id", "name", "column1", "column2", "column3");
        assertThat(pg.query("SELECT id, column1, column2, column3 FROM added.events ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("column1") + ":" + r.get("column2") + ":" + r.get("column3"))
                .containsExactly("1:null:null:null", "2:data:null:null", "3:data:data:null", "4:data:null:null",
                        "5:null:null:null", "6:data:data:data");
    }

    @Test
    void twoDestinationsTakeOnlyTheirTokens() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("web.log"),
                "{\"api_key\":\"js_secret\",\"event_type\":\"a\",\"n\":1}\n"
                        + "{\"api_key\":\"s2s_secret\",\"event_type\":\"a\",\"n\":2}\n"
                        + "{\"api_key\":\"nobody\",\"event_type\":\"a\",\"n\":3}\n");
        // Jitsu's rotated incoming file: the token comes from the name
        Files.writeString(run.spool().resolve("incoming.tok=mobile-2024-01-01T00-00-00.000.log"),
                "{\"event_type\":\"a\",\"n\":4}\n{\"event_type\":\"a\",\"n\":5}\n");
        // Jitsu's active incoming file is still being written: never read
        Files.writeString(run.spool().resolve("incoming.tok=mobile.log"), "{\"event_type\":\"a\",\"n\":6}\n");
        var config = run.config("api_keys:\n"
                + "  - {id: web, client_secret: js_secret, server_secret: s2s_secret}\n"
                + "  - {id: mobile, client_secret: m_secret}\n"
                + "destinations:\n"
                + destination("pg_web", "tok_web", "    only_tokens: [web]\n")
                + destination("pg_mobile", "tok_mobile", "    only_tokens: [m_secret]\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(pg.query("SELECT n FROM tok_web.events ORDER BY n")).extracting(r -> r.get("n")).containsExactly(1L, 2L);
        assertThat(pg.query("SELECT n FROM tok_mobile.events ORDER BY n")).extracting(r -> r.get("n")).containsExactly(4L, 5L);
        assertThat(summary.get(Summary.SPOOL)).contains(entry(Summary.READ, 5L), entry(Summary.NO_DESTINATION, 1L));
        assertThat(run.lines("archive", "dst=pg_web")).hasSize(2);
        assertThat(run.lines("archive", "dst=pg_mobile")).hasSize(2);
    }

    @Test
    void malformedLinesGoToFailedWithTheRawText() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/malformed_input.json"), run.spool().resolve("bad.json"));
        Files.writeString(run.spool().resolve("good.log"), "\n{\"event_type\":\"ok\"}\n[1,2]\n");
        var config = run.config("destinations:\n" + destination("pg", "malformed", ""));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(count("malformed", "events")).isEqualTo(1);
        List<String> failed = run.lines("failed", "malformed");
        long badLines = Files.readAllLines(run.spool().resolve("bad.json")).stream().filter(l -> !l.isBlank()).count();
        assertThat(failed).hasSize((int) badLines + 1);
        assertThat(summary.get(Summary.SPOOL)).contains(entry(Summary.MALFORMED, badLines + 1));
        for (String line : failed) {
            JsonNode f = json.readTree(line);
            assertThat(f.has("event")).isFalse();
            assertThat(f.get("malformed_event").isTextual()).isTrue();
            assertThat(f.get("error").asText()).startsWith("malformed event");
        }
        assertThat(failed).anySatisfy(l -> assertThat(json.readTree(l).get("malformed_event").asText()).isEqualTo("[1,2]"));
        assertThat(run.fileNames("failed", "malformed")).allMatch(n -> n.matches("failed\\.malformed-.+\\.log"));
    }

    @Test
    void primaryKeyFieldsUpsertTheRow() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("a.log"),
                "{\"eventn_ctx_event_id\":\"k1\",\"v\":\"first\"}\n{\"eventn_ctx_event_id\":\"k1\",\"v\":\"second\"}\n");
        var config = run.config("destinations:\n" + destination("pg", "upsert",
                "    data_layout: {primary_key_fields: [eventn_ctx_event_id]}\n"));

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 2L));

        assertThat(pg.query("SELECT v FROM upsert.events")).extracting(r -> r.get("v")).containsExactly("second");
    }

    @Test
    void laterValuesLoadOnlyWhereTheConversionIsExact() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_coalesce.ndjson"), run.spool().resolve("coalesce.ndjson"));
        var config = run.config("destinations:\n" + destination("pg", "coalesce", ""));

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 2L), entry(Summary.FAILED, 6L));

        // row 1 fixes the types: str_1 and float_1 are bigint (7), bool_1 boolean
        assertThat(pg.columnTypes("coalesce", "events")).contains(entry("str_1", "bigint"), entry("float_1", "bigint"),
                entry("int_1", "bigint"), entry("bool_1", "boolean"), entry("str_2", "text"));
        assertThat(pg.query("SELECT id FROM coalesce.events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L);
        // row 3 on: 3.14, "str", true… never go into a bigint or boolean column — failed, never rounded;
        // the reason names the (first) column that refused the value, its type and the value
        List<String> failed = run.lines("failed", "dst=pg");
        assertThat(failed).hasSize(6);
        for (String line : failed) {
            assertThat(json.readTree(line).get("error").asText())
                    .containsPattern("column \"(str_1|float_1|int_1|bool_1)\" of table \"events\" has type (bigint|boolean); value ");
        }
        assertThat(json.readTree(failed.stream().filter(l -> l.contains("\"id\":3")).findFirst().orElseThrow())
                .get("error").asText()).isEqualTo("column \"float_1\" of table \"events\" has type bigint;"
                        + " value 3.14 (FLOAT) has a fraction; it is never rounded");
        assertThat(failed).extracting(l -> json.readTree(l).get("event").get("id").asInt())
                .containsExactlyInAnyOrder(3, 4, 5, 6, 7, 8);
    }
}
