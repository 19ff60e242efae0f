package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster, loading into "Redshift": the Redshift JDBC driver through the test proxy
 * that holds every statement to Redshift's SQL rules, in front of the embedded PostgreSQL.
 */
class RedshiftPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final RedshiftFixture rs = RedshiftFixture.get();
    private int refusalsBefore;

    @TempDir
    Path dir;

    @BeforeEach
    void noteRefusals() {
        refusalsBefore = rs.refusals().size();
    }

    @AfterEach
    void nothingRedshiftWouldRefuse() {
        assertThat(rs.refusals().subList(refusalsBefore, rs.refusals().size())).isEmpty();
    }

    private String destination(String id, String schema, String extra) {
        return "  " + id + ":\n"
                + "    type: redshift\n"
                + "    config: {host: 127.0.0.1, port: " + rs.port() + ", db: postgres, schema: " + schema
                + ", username: postgres, password: postgres, parameters: {ssl: 'false'}}\n"
                + extra;
    }

    private long count(String schema, String table) {
        return ((Number) rs.query("SELECT count(*) AS n FROM \"" + schema + "\".\"" + table + "\"").get(0).get("n")).longValue();
    }

    @Test
    void loadsJitsusFixtureWithRedshiftTypesAndArchivesEveryEvent() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"), run.spool().resolve("fact.log"));
        var config = run.config("destinations:\n" + destination("rs", "rs_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("rs")).contains(entry(Summary.READ, 8L), entry(Summary.LOADED, 7L), entry(Summary.SKIPPED, 1L));
        assertThat(count("rs_fact", "user_2020_08")).isEqualTo(3);
        assertThat(rs.columnTypes("rs_fact", "user_2020_08")).contains(entry("key1", "character varying(65535)"),
                entry("_geo_data_zip", "bigint"), entry("_timestamp", "timestamp without time zone"),
                entry("eventn_ctx_event_id", "character varying(65535)"));
        assertThat(rs.columnTypes("rs_fact", "notification_2020_08")).contains(entry("_geo_data_latitude", "double precision"));
        assertThat(rs.query("SELECT key5, _geo_data_latitude FROM rs_fact.notification_2020_08")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
                    assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
                });
        assertThat(rs.query("SELECT _geo_data_zip, key10 FROM rs_fact.user_2020_08 WHERE _geo_data_zip IS NOT NULL"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("_geo_data_zip")).isEqualTo(10128L);
                    assertThat(r.get("key10")).isEqualTo("[1,2,3,4]");
                });
        assertThat(run.lines("archive", "dst=rs")).hasSize(7);
        assertThat(run.lines("failed", "dst=rs")).isEmpty();
    }

    /** conf/examples/redshift.yaml as a user runs it, pointed at the test cluster: the quick-start sample lands in its tables. */
    @Test
    void theExampleConfigurationLoadsTheQuickStartSample() throws Exception {
        Path repo = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(repo.resolve("samples/quickstart-events.log"), run.spool().resolve("quickstart-events.log"));
        String example = Files.readString(repo.resolve("conf/examples/redshift.yaml"));
        String destinations = example.substring(example.indexOf("destinations:"))
                .replace("\"${env:REDSHIFT_HOST}\"", "127.0.0.1").replace("port: 5439", "port: " + rs.port())
                .replace("\"${env:REDSHIFT_DB}\"", "postgres").replace("schema: luden", "schema: rs_example")
                .replace("\"${env:REDSHIFT_USER}\"", "postgres").replace("\"${env:REDSHIFT_PASSWORD}\"", "postgres")
                .replace("parameters: {connect_timeout: \"10\"}", "parameters: {connect_timeout: \"10\", ssl: \"false\"}");
        String apiKeys = example.substring(example.indexOf("api_keys:"), example.indexOf("spool:"));
        var config = run.config(apiKeys + destinations);

        Map<String, Map<String, Long>> summary = run.run(config);

        // the sample's events of the web token (one line of it carries another token)
        long lines = summary.get("redshift_main").get(Summary.READ);
        assertThat(lines).isGreaterThanOrEqualTo(10);
        assertThat(summary.get("redshift_main")).contains(entry(Summary.LOADED, lines), entry(Summary.FAILED, 0L));
        long rows = 0;
        for (Map<String, Object> t : rs.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'rs_example'")) {
            rows += count("rs_example", (String) t.get("table_name"));
        }
        assertThat(rows).isEqualTo(lines);
        assertThat(run.lines("archive", "dst=redshift_main")).hasSize((int) lines);
    }

    @Test
    void aBadEventGoesToFailedNamingColumnTypeAndValue() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        var config = run.config("destinations:\n" + destination("rs", "rs_collide", ""));

        assertThat(run.run(config).get("rs")).contains(entry(Summary.LOADED, 1L), entry(Summary.FAILED, 1L));

        assertThat(rs.query("SELECT id FROM rs_collide.events")).extracting(r -> r.get("id")).containsExactly(1L);
        JsonNode f = run.onlyFailedLine("rs");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).contains("int_1").contains("bigint").contains("\"events\"");
        assertThat(f.get("destination_id").asText()).isEqualTo("rs");
        assertThat(run.lines("archive", "dst=rs")).hasSize(1);
    }

    @Test
    void aFreshRerunAndADuplicatedEventAddNoRow() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"), run.spool().resolve("a.log"));
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("rs", "rs_rerun", ""));

        run.run(config);
        assertThat(count("rs_rerun", "events")).isEqualTo(9); // the 8 lines of a.log and one row for the duplicated id
        run.run(config);

        assertThat(count("rs_rerun", "events")).isEqualTo(9);
        assertThat(rs.query("SELECT count(*) AS n FROM rs_rerun.events WHERE eventn_ctx_event_id = 'same'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
        assertThat(run.lines("archive", "dst=rs")).hasSize(2 * 10);
    }

    @Test
    void primaryKeyFieldsUpsertKeepingColumnsALaterEventLacks() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("a.log"),
                "{\"eventn_ctx_event_id\":\"k1\",\"v\":\"first\",\"only_first\":\"kept\"}\n"
                        + "{\"eventn_ctx_event_id\":\"k1\",\"v\":\"second\"}\n"
                        + "{\"eventn_ctx_event_id\":\"k2\",\"v\":\"other\"}\n");
        var config = run.config("destinations:\n" + destination("rs", "rs_upsert",
                "    data_layout: {primary_key_fields: [eventn_ctx_event_id]}\n"));

        assertThat(run.run(config).get("rs")).contains(entry(Summary.LOADED, 3L));
        run.run(config);

        assertThat(rs.query("SELECT eventn_ctx_event_id AS id, v, only_first FROM rs_upsert.events ORDER BY 1"))
                .extracting(r -> r.get("id") + ":" + r.get("v") + ":" + r.get("only_first"))
                .containsExactly("k1:second:kept", "k2:other:null");
    }
}
