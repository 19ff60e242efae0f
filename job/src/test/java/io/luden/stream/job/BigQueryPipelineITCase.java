package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.TestData;
import io.luden.stream.sinks.testing.bigquery.FakeBigQuery;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster loading into the test-only {@link FakeBigQuery} through the official
 * BigQuery client, configured with Jitsu's BigQuery keys. What it proves against a fake: spool lines become
 * the tables, schemas and rows (with their event ids as insertId) BigQuery is asked for, values of another
 * type go to {@code failed}, written events to {@code archive}, and neither a lost answer nor a
 * {@code --fresh} rerun (past the de-duplication window: by the writer's id look-up) makes a row twice — not that real BigQuery takes
 * every request (only the live test shows that).
 */
class BigQueryPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String PROJECT = "luden-it";

    private FakeBigQuery bq;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        bq = new FakeBigQuery();
    }

    @AfterEach
    void stop() {
        bq.close();
    }

    /** A destination with Jitsu's BigQuery keys, pointed at the fake by Luden's {@code host} (no key file: no credentials). */
    private String destination(String id, String dataset, String extra) {
        return "  " + id + ":\n    type: bigquery\n    mode: stream\n    config:\n"
                + "      bq_project: " + PROJECT + "\n      bq_dataset: " + dataset + "\n      host: " + bq.host() + "\n"
                + extra;
    }

    @Test
    void loadsJitsuErrorLinesFixtureIntoTablesAndArchivesEveryLine() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact.log"));
        var config = run.config("destinations:\n" + destination("bq", "jitsu_fact",
                "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("bq")).contains(entry(Summary.READ, 8L), entry(Summary.LOADED, 7L),
                entry(Summary.SKIPPED, 1L));
        assertThat(summary.get("bq").getOrDefault(Summary.FAILED, 0L)).isZero();
        assertThat(bq.hasDataset(PROJECT, "jitsu_fact")).as("dataset created").isTrue();
        assertThat(bq.rows(PROJECT, "jitsu_fact", "user_2020_08")).hasSize(3);
        assertThat(bq.schema(PROJECT, "jitsu_fact", "notification_2020_08")).contains(entry("_geo_data_latitude", "FLOAT"),
                entry("key1_key2", "STRING"), entry("_timestamp", "TIMESTAMP"), entry("key5", "STRING"),
                entry("eventn_ctx_event_id", "STRING"));
        assertThat(bq.rows(PROJECT, "jitsu_fact", "notification_2020_08")).singleElement().satisfies(r -> {
            assertThat(r.json().get("key5").asText()).isEqualTo("[1,2,4,5]");
            assertThat(r.json().get("_geo_data_latitude").asDouble()).isEqualTo(40.7809);
            assertThat(r.insertId()).isEqualTo(r.json().get("eventn_ctx_event_id").asText());
        });
        assertThat(run.lines("archive", "dst=bq")).hasSize(7);
        assertThat(run.lines("failed", "dst=bq")).isEmpty();
        // nothing but the BigQuery API on the test host, and no credentials sent
        assertThat(bq.requests()).allSatisfy(r -> {
            assertThat(r.path()).matches("/projects/" + PROJECT + "/(datasets.*|queries)");
            assertThat(r.authorization()).isNull();
        });
    }

    @Test
    void typeCollisionGoesToFailedAndAFreshRerunAddsNoRow() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_types_collision.ndjson"), run.spool().resolve("types.ndjson"));
        Files.writeString(run.spool().resolve("dup.log"),
                "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n"
                        + "{\"eventn_ctx_event_id\":\"same\",\"event_type\":\"dup\",\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":1}\n");
        var config = run.config("destinations:\n" + destination("bq", "collide", ""));

        assertThat(run.run(config).get("bq")).contains(entry(Summary.FAILED, 1L));

        JsonNode f = run.onlyFailedLine("bq");
        assertThat(f.get("event").get("id").asInt()).isEqualTo(2);
        assertThat(f.get("error").asText()).contains("int_1").contains("int64").contains("\"events\"");
        List<FakeBigQuery.StoredRow> rows = bq.rows(PROJECT, "collide", "events");
        assertThat(rows).filteredOn(r -> "same".equals(r.insertId())).hasSize(1);

        // a --fresh rerun later than BigQuery's de-duplication window: the writer looks the ids up first
        bq.dedupWindow(java.time.Duration.ZERO);
        run.run(config);
        assertThat(bq.requests()).filteredOn(r -> r.path().endsWith("/queries")).isNotEmpty();
        assertThat(bq.rows(PROJECT, "collide", "events")).hasSameSizeAs(rows);
        assertThat(bq.rows(PROJECT, "collide", "events")).filteredOn(r -> "same".equals(r.insertId())).hasSize(1);
    }

    /** 300 events while the first insertAll answers are lost after BigQuery kept the rows. */
    private PipelineRunner runWithLostAnswers(String extraConfig) throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            lines.append("{\"eventn_ctx_event_id\":\"ev-").append(i).append("\",\"event_type\":\"e\",")
                    .append("\"_timestamp\":\"2020-08-02T18:23:56Z\",\"n\":").append(i).append("}\n");
        }
        Files.writeString(run.spool().resolve("events.log"), lines);
        bq.loseAcks(5); // more than the client's own tries: the loader keeps the events queued and retries
        var config = run.config("retry: {initial_backoff: 100ms, max_backoff: 500ms}\n"
                + "destinations:\n" + destination("bq", "acks", extraConfig
                + "    data_layout: {table_name_template: events}\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("bq")).contains(entry(Summary.LOADED, 300L));
        assertThat(bq.rows(PROJECT, "acks", "events")).extracting(FakeBigQuery.StoredRow::insertId)
                .doesNotHaveDuplicates().hasSize(300);
        assertThat(run.lines("archive", "dst=bq")).hasSize(300);
        assertThat(run.lines("failed", "dst=bq")).isEmpty();
        return run;
    }

    @Test
    void rowsWhoseAnswerWasLostAreLookedUpAndNotSentAgain() throws Exception {
        bq.dedupWindow(java.time.Duration.ZERO); // the look-up alone keeps them once
        runWithLostAnswers("");

        assertThat(bq.requests()).filteredOn(r -> r.path().endsWith("/queries")).isNotEmpty();
        assertThat(bq.rowsReceived()).as("rows sent: the kept ones were found, not re-sent").isEqualTo(300);
    }

    @Test
    void withoutTheLookUpRowsWhoseAnswerWasLostAreSentAgainAndKeptOnceByInsertId() throws Exception {
        runWithLostAnswers("      dedup_lookup: false\n");

        assertThat(bq.requests()).filteredOn(r -> r.path().endsWith("/queries")).isEmpty();
        assertThat(bq.rowsReceived()).as("rows sent, re-sends included").isGreaterThan(300);
    }
}
