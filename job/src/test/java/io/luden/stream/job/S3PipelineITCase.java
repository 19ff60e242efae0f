package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.S3Fixture;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster writing to a real S3 API server (s3proxy), configured with Jitsu's
 * S3 keys: spool lines become objects per table, a failing event goes to {@code failed}, what was
 * written to {@code archive}, and a rerun with fresh state over the same spool adds no object and no line.
 */
class S3PipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Fixture s3 = new S3Fixture();
    @RegisterExtension
    final S3ProxyExtension server = s3.extension;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        s3.close();
    }

    private String destination(String id, String bucket, String config, String extra) {
        return "  " + id + ":\n    type: s3\n    mode: stream\n    config:\n"
                + "      access_key_id: " + S3Fixture.ACCESS_KEY + "\n      secret_access_key: " + S3Fixture.SECRET_KEY + "\n"
                + "      bucket: " + bucket + "\n      region: " + S3Fixture.REGION + "\n      endpoint: " + s3.endpoint() + "\n"
                + config + extra;
    }

    /** Ids of every row in the objects under {@code prefix}, one entry per row. */
    private List<String> idsInBucket(String bucket, String prefix) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : s3.jsonLines(bucket, prefix)) {
            ids.add(n.has("eventn_ctx_event_id") ? n.get("eventn_ctx_event_id").asText()
                    : n.get("eventn_ctx").get("event_id").asText());
        }
        return ids;
    }

    /** conf/examples/s3.yaml as a user runs it, its endpoint pointed at the test server: the quick-start sample lands. */
    @Test
    void theExampleConfigurationWritesTheQuickStartSample() throws Exception {
        Path repo = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(repo.resolve("samples/quickstart-events.log"), run.spool().resolve("quickstart-events.log"));
        s3.createBucket("my-luden-events");
        String example = Files.readString(repo.resolve("conf/examples/s3.yaml"));
        String destinations = example.substring(example.indexOf("destinations:"))
                .replace("\"${env:AWS_ACCESS_KEY_ID}\"", S3Fixture.ACCESS_KEY)
                .replace("\"${env:AWS_SECRET_ACCESS_KEY}\"", S3Fixture.SECRET_KEY)
                .replace("# endpoint: https://nyc3.digitaloceanspaces.com", "endpoint: " + s3.endpoint() + "  #");
        String apiKeys = example.substring(example.indexOf("api_keys:"), example.indexOf("spool:"));
        var config = run.config(apiKeys + destinations);

        Map<String, Map<String, Long>> summary = run.run(config);

        long lines = summary.get("s3_main").get(Summary.READ);
        assertThat(lines).isGreaterThanOrEqualTo(10);
        assertThat(summary.get("s3_main")).contains(entry(Summary.LOADED, lines), entry(Summary.FAILED, 0L));
        List<String> keys = s3.keys("my-luden-events");
        assertThat(keys).isNotEmpty().allMatch(k -> k.matches(
                "luden/events/[a-z_]+-\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-\\d\\d:\\d\\d:\\d\\d-[0-9a-f]{16}\\.log\\.gz"));
        assertThat(keys).anyMatch(k -> k.startsWith("luden/events/pageview-2026-11-20T09:00:00-"));
        List<String> ids = idsInBucket("my-luden-events", "luden/events/");
        assertThat(ids).hasSize((int) lines).doesNotHaveDuplicates();
        assertThat(run.lines("archive", "dst=s3_main")).hasSize((int) lines);
        // flat rows: the enrichment-free sample's nested user object is flattened into columns
        assertThat(s3.jsonLines("my-luden-events", "luden/events/pageview-").get(0).has("user_anonymous_id")).isTrue();
    }

    @Test
    void spoolToObjectsPerTableFailedAndArchiveAndAFreshRerunAddsNothing() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        s3.createBucket("lake");
        StringBuilder spool = new StringBuilder();
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            boolean isBad = n % 25 == 3;
            String id = String.format("e-%04d", n);
            (isBad ? bad : good).add(id);
            spool.append("{\"eventn_ctx\":{\"event_id\":\"").append(id).append("\"},\"event_type\":\"")
                    .append(n % 3 == 0 ? "click" : "view").append("\",\"_timestamp\":\"2026-05-01T12:0")
                    .append(n % 10).append(":00Z\",\"n\":").append(n).append(isBad ? ",\"bad\":true" : "")
                    .append(",\"page\":{\"title\":\"t, \\\"").append(n).append("\\\"\"}}\n");
        }
        Files.writeString(run.spool().resolve("events.log"), spool.toString());
        var config = run.config("destinations:\n" + destination("lake", "lake",
                "      folder: raw\n      format: json\n      compression: gzip\n",
                "    batch: {max_rows: 40, max_delay: 20ms}\n"
                        + "    data_layout:\n      table_name_template: '{{.event_type}}'\n"
                        + "      transform: \"if ($.bad) { throw new Error('bad event ' + $.n) } return $\"\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("lake")).contains(entry(Summary.LOADED, (long) good.size()),
                entry(Summary.FAILED, (long) bad.size()));
        List<String> keys = s3.keys("lake");
        assertThat(keys).allMatch(k -> k.startsWith("raw/click-") || k.startsWith("raw/view-"))
                .allMatch(k -> k.endsWith(".log.gz"));
        assertThat(keys.size()).as("objects: one per table per flush of at most 40 events").isGreaterThan(2);
        FaultData.assertExactlyOnce("events in the bucket", idsInBucket("lake", "raw/"), good);
        // json: the event itself, nested objects kept
        JsonNode first = s3.jsonLines("lake", "raw/click-").get(0);
        assertThat(first.get("page").get("title").asText()).startsWith("t, \"");
        assertThat(first.get("eventn_ctx").get("event_id").asText()).startsWith("e-");
        List<String> archived = new ArrayList<>();
        for (String line : run.lines("archive", "dst=lake")) {
            archived.add(JSON.readTree(line).get("eventn_ctx").get("event_id").asText());
        }
        FaultData.assertExactlyOnce("archive lines", archived, good);
        FaultData.assertExactlyOnce("failed lines", FaultData.failedIds(run.logPath(), "lake"), bad);
        assertThat(run.lines("failed", "dst=lake")).allSatisfy(l -> assertThat(l).contains("bad event"));

        // a rerun with fresh state (`luden run --fresh`) over the same spool: the bucket already holds every event
        PipelineRunner rerun = new PipelineRunner(dir.resolve("rerun"));
        Files.copy(run.spool().resolve("events.log"), rerun.spool().resolve("events.log"));
        String yaml = Files.readString(dir.resolve("luden.yaml")).replace(dir.toString(), dir.resolve("rerun").toString());
        Files.writeString(dir.resolve("rerun").resolve("luden.yaml"), yaml);
        Map<String, Map<String, Long>> again = rerun.run(StartupChecks.load(dir.resolve("rerun").resolve("luden.yaml")));

        assertThat(again.get("lake")).contains(entry(Summary.LOADED, (long) good.size()));
        assertThat(s3.keys("lake")).isEqualTo(keys);
        FaultData.assertExactlyOnce("events in the bucket after the rerun", idsInBucket("lake", "raw/"), good);
    }

    @Test
    void csvObjectsHaveAHeaderAndEveryRowOnce() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        s3.createBucket("csv");
        FaultData.Ids ids = FaultData.writeSpool(run.spool(), "k", 0, 200, 50, n -> false);
        var config = run.config("destinations:\n" + destination("c", "csv", "      format: csv\n",
                "    batch: {max_rows: 60, max_delay: 20ms}\n"));

        run.run(config);

        List<String> rows = new ArrayList<>();
        for (String key : s3.keys("csv")) {
            String[] lines = s3.text("csv", key).split("\n");
            assertThat(lines[0]).isEqualTo("_timestamp,amount,event_type,eventn_ctx_event_id,label,seq");
            for (int i = 1; i < lines.length; i++) {
                rows.add(lines[i].split(",")[3]);
            }
        }
        FaultData.assertExactlyOnce("csv rows", rows, ids.good);
    }
}
