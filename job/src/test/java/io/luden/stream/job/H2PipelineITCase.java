package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.H2Fixture;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster, loading into a real H2 2.0.206 TCP server (the engine Guinsoo forks) as
 * {@code type: guinsoo}, in a database with H2's default case rules, as a Guinsoo server has them.
 */
class H2PipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final H2Fixture h2 = H2Fixture.get();

    @TempDir
    Path dir;

    private String destination(String id, String type, String schema, String extra) {
        return "  " + id + ":\n"
                + "    type: " + type + "\n"
                + "    config: {host: 127.0.0.1, port: " + h2.port() + ", db: " + H2Fixture.PLAIN_DB + ", schema: " + schema
                + ", username: " + H2Fixture.USER + ", password: " + H2Fixture.PASSWORD + "}\n"
                + extra;
    }

    private List<Map<String, Object>> query(String sql) throws Exception {
        Connection c = h2.plainConnection();
        synchronized (h2) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private long count(String schema, String table) throws Exception {
        return ((Number) query("SELECT COUNT(*) AS N FROM \"" + schema + "\".\"" + table + "\"").get(0).get("N")).longValue();
    }

    private Map<String, String> types(String schema, String table) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '"
                + schema + "' AND TABLE_NAME = '" + table + "'")) {
            types.put((String) r.get("COLUMN_NAME"), (String) r.get("DATA_TYPE"));
        }
        return types;
    }

    @Test
    void loadsJitsuFixtureIntoGuinsooAndAFreshRerunAddsNoRows() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"), run.spool().resolve("fact.log"));
        // the same event twice in the spool, and a value that cannot be a timestamp
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56.123456Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56.123456Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"bad\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":\"x\"}\n");
        var config = run.config("destinations:\n" + destination("gs", "guinsoo", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("gs")).contains(entry(Summary.LOADED, 9L), entry(Summary.SKIPPED, 1L), entry(Summary.FAILED, 1L));
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(types("jitsu_fact", "notification_2020_08")).contains(entry("_geo_data_latitude", "DOUBLE PRECISION"),
                entry("key1_key2", "CHARACTER VARYING"), entry("_timestamp", "TIMESTAMP"), entry("key5", "CHARACTER VARYING"));
        assertThat(query("SELECT \"key5\", \"_geo_data_latitude\" FROM \"jitsu_fact\".\"notification_2020_08\"")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
                    assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
                });
        assertThat(query("SELECT CAST(\"_timestamp\" AS VARCHAR) AS T, \"n\" FROM \"jitsu_fact\".\"dup_2020_08\""))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("T")).isEqualTo("2020-08-02 18:23:56.123456");
                    assertThat(r.get("n")).isEqualTo(1L);
                });
        JsonNode f = run.onlyFailedLine("gs");
        assertThat(f.get("event_id").asText()).isEqualTo("bad");
        assertThat(f.get("error").asText()).contains("\"dup_2020_08\"").contains("\"n\"").contains("BIGINT").contains("\"x\"");
        assertThat(run.lines("archive", "dst=gs")).hasSize(9);

        // a --fresh rerun over the same spool: the same rows, none twice
        run.run(config);
        assertThat(count("jitsu_fact", "user_2020_08")).isEqualTo(3);
        assertThat(count("jitsu_fact", "dup_2020_08")).isEqualTo(1);
        assertThat(count("jitsu_fact", "null_2020_08")).isEqualTo(1);
    }

    @Test
    void h2TypeUpsertsByPrimaryKeyFieldsKeepingColumnsTheEventLacks() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("a.log"),
                "{\"eventn_ctx_event_id\":\"e1\",\"user\":{\"id\":7},\"order\":\"first\",\"email\":\"a@x\"}\n"
                        + "{\"eventn_ctx_event_id\":\"e2\",\"user\":{\"id\":7},\"order\":\"second\"}\n"
                        + "{\"eventn_ctx_event_id\":\"e3\",\"user\":{\"id\":8},\"order\":\"other\"}\n");
        var config = run.config("destinations:\n" + destination("h", "h2", "upsert",
                "    data_layout: {primary_key_fields: [user_id]}\n"));

        assertThat(run.run(config).get("h")).contains(entry(Summary.LOADED, 3L));

        assertThat(query("SELECT \"user_id\", \"order\", \"email\", \"eventn_ctx_event_id\" FROM \"upsert\".\"events\" ORDER BY 1"))
                .extracting(r -> r.get("user_id") + ":" + r.get("order") + ":" + r.get("email") + ":" + r.get("eventn_ctx_event_id"))
                .containsExactly("7:second:a@x:e2", "8:other:null:e3");
        assertThat(run.lines("archive", "dst=h")).hasSize(3);
    }
}
