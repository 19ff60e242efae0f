package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Summary;
import io.luden.stream.functions.spool.SpoolSource;
import io.luden.stream.sinks.testing.WebhookReceiver;
import io.luden.stream.sinks.testing.WebhookReceiver.Response;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The whole job on a MiniCluster sending to a real HTTP server on loopback ({@link WebhookReceiver}),
 * configured as a user configures a webhook: spool → one request per event, in order; 4xx answers in
 * {@code failed} with the status, 2xx in {@code archive}; a 503 phase that the queue waits out; and a
 * crash (the job cancelled mid-stream while a request hangs) restored from the last checkpoint,
 * which re-sends only the flush that was in flight.
 */
class WebhookPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private final ObjectMapper json = new ObjectMapper();
    private final WebhookReceiver server = new WebhookReceiver();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private String destination(String extraConfig) {
        return "destinations:\n  hook:\n    type: webhook\n    mode: stream\n    config:\n"
                + "      url: '" + server.url("/events/{{.event_type}}") + "'\n"
                + "      headers: {X-Event-Id: '{{.eventn_ctx_event_id}}'}\n" + extraConfig;
    }

    /** {@code n} events, e0 … e(n-1), every {@code badEvery}-th of type {@code bad} (0: none). */
    private static List<String> spool(Path spool, String name, int n, int badEvery) throws IOException {
        List<String> ids = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String id = "e" + i;
            ids.add(id);
            String type = badEvery > 0 && i % badEvery == badEvery - 1 ? "bad" : "pageview";
            lines.append("{\"eventn_ctx_event_id\":\"").append(id).append("\",\"event_type\":\"").append(type)
                    .append("\",\"_timestamp\":\"2024-05-01T10:00:00Z\",\"n\":").append(i).append("}\n");
        }
        Files.writeString(spool.resolve(name), lines);
        return ids;
    }

    private static List<String> receivedIds(WebhookReceiver server) {
        return server.requests().stream().map(r -> r.header("X-Event-Id")).toList();
    }

    private List<String> ids(List<String> lines, String field) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            JsonNode n = json.readTree(l);
            out.add((field == null ? n : n.get(field)).get("eventn_ctx_event_id").asText());
        }
        return out;
    }

    @Test
    void sendsEveryEventOnceInOrderFailing4xxWithTheStatusAndArchivingTheDelivered() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        List<String> all = spool(run.spool(), "events.log", 40, 5);
        server.respond(r -> r.uri().startsWith("/events/bad") ? Response.status(400, "{\"error\":\"kind bad is unknown\"}")
                : Response.status(200));
        LudenConfig config = run.config(destination(""));

        Map<String, Map<String, Long>> summary = run.run(config);

        List<String> bad = all.stream().filter(id -> Integer.parseInt(id.substring(1)) % 5 == 4).toList();
        List<String> good = all.stream().filter(id -> !bad.contains(id)).toList();
        assertThat(summary.get("hook")).contains(entry(Summary.READ, 40L), entry(Summary.LOADED, 32L), entry(Summary.FAILED, 8L));
        assertThat(receivedIds(server)).containsExactlyElementsOf(all); // each once, in spool order
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(json.readTree(r.body()).get("eventn_ctx_event_id").asText()).isEqualTo(r.header("X-Event-Id"));
        });
        assertThat(ids(run.lines("archive", "dst=hook"), null)).containsExactlyInAnyOrderElementsOf(good);
        List<String> failed = run.lines("failed", "dst=hook");
        assertThat(ids(failed, "event")).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(failed).allSatisfy(l -> assertThat(json.readTree(l).get("error").asText()).isEqualTo(
                "HTTP 400 from POST " + server.url("/events/bad") + ": {\"error\":\"kind bad is unknown\"}"));
    }

    @Test
    void a503PhaseKeepsTheEventsQueuedAndTheyAreDeliveredInOrderWhenItEnds() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        List<String> all = spool(run.spool(), "events.log", 15, 0);
        AtomicInteger answered = new AtomicInteger();
        server.respond(r -> answered.incrementAndGet() <= 4 ? Response.status(503, "maintenance") : Response.status(200));
        LudenConfig config = run.config("retry: {initial_backoff: 100ms, max_backoff: 300ms}\n" + destination(""));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("hook")).contains(entry(Summary.LOADED, 15L));
        assertThat(summary.get("hook").getOrDefault(Summary.FAILED, 0L)).isZero();
        assertThat(run.lines("failed", "dst=hook")).isEmpty();
        assertThat(ids(run.lines("archive", "dst=hook"), null)).containsExactlyInAnyOrderElementsOf(all);
        List<String> received = receivedIds(server);
        // the first event was tried five times (four 503s, then 200); nothing behind it was sent meanwhile
        assertThat(received.subList(0, 5)).containsOnly("e0");
        assertThat(received.subList(4, received.size())).containsExactlyElementsOf(all);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRestoreFromTheLastCheckpointResendsOnlyTheFlushThatWasInFlight() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        List<String> all = spool(run.spool(), "events.log", 60, 0);
        CountDownLatch hang = new CountDownLatch(1);
        server.respond(r -> {
            if ("e30".equals(r.header("X-Event-Id")) && hang.getCount() > 0) {
                try {
                    hang.await(60, TimeUnit.SECONDS); // the crash comes while this request waits for its answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.status(200);
        });
        LudenConfig config = run.config(destination("      request_timeout: 5s\n"));
        Path state = dir.resolve("state");
        List<String> beforeCrash;
        String restoredFrom;

        // continuous sources: a bounded one would end its input and the loader would wait there for the queue
        JobClient first = PipelineRunner.start(config, continuous(config), 2, null);
        JobClient second = null;
        try {
            FaultData.await("e30 to reach the receiver", 60, () -> receivedIds(server).contains("e30"));
            long atHang = FaultData.lastCompletedCheckpoint(state);
            FaultData.await("two checkpoints while e30 hangs", 60, () -> FaultData.lastCompletedCheckpoint(state) >= atHang + 2);
            first.cancel().get(60, TimeUnit.SECONDS);
            // cancelling lets the flush in flight finish (up to 10 s, then it is interrupted): hold e30 until the
            // job is gone, so that nothing more is sent, as after a crash
            FaultData.await("the first job to end", 60, () -> first.getJobStatus().join().isGloballyTerminalState());
            Path checkpoint = newestCheckpoint(state); // retained on cancellation, as after a crash
            hang.countDown();
            beforeCrash = receivedIds(server);
            assertThat(beforeCrash).containsExactlyElementsOf(all.subList(0, 31)); // e0 … e30, e30 unanswered

            second = PipelineRunner.start(config, continuous(config), 2, checkpoint);
            FaultData.await("every event in the archive", 90, () -> FaultData.archiveIds(run.logPath(), "hook").size() >= 60
                    && receivedIds(server).containsAll(all));
            second.cancel().get(60, TimeUnit.SECONDS);
            restoredFrom = checkpoint.getFileName().toString();
        } finally {
            hang.countDown();
            cancelQuietly(first);
            cancelQuietly(second);
        }

        List<String> afterRestore = receivedIds(server).subList(beforeCrash.size(), receivedIds(server).size());
        // the restored queue starts at the first event of the flush e30 was in: those are sent again, in order, then the rest
        assertThat(afterRestore).isNotEmpty().endsWith(all.subList(31, 60).toArray(String[]::new));
        int resent = afterRestore.size() - 29;
        assertThat(resent).as("events sent again").isBetween(1, 20); // at most one flush (batch.max_rows 20)
        assertThat(afterRestore).startsWith(all.subList(31 - resent, 31).toArray(String[]::new));
        Map<String, Integer> times = new LinkedHashMap<>();
        receivedIds(server).forEach(id -> times.merge(id, 1, Integer::sum));
        assertThat(times.keySet()).containsExactlyElementsOf(all);
        assertThat(all.subList(0, 31 - resent)).allSatisfy(id -> assertThat(times.get(id)).as(id).isEqualTo(1));
        // the archive holds every event once: lines of the cancelled run after its last checkpoint were rolled back
        FaultData.assertExactlyOnce("archive lines", FaultData.archiveIds(run.logPath(), "hook"), all);
        System.out.printf("WebhookPipelineITCase: restored from %s; %d request(s) before the crash, %d after, %d sent again%n",
                restoredFrom, beforeCrash.size(), afterRestore.size(), resent);
    }

    private static SpoolSource continuous(LudenConfig config) {
        return SpoolSource.continuous(new org.apache.flink.core.fs.Path(config.spoolDir()), Duration.ofMillis(100));
    }

    private static void cancelQuietly(JobClient job) {
        if (job != null && !job.getJobStatus().join().isGloballyTerminalState()) {
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already ending
            }
        }
    }

    /** The newest completed checkpoint folder (chk-N with _metadata) under the state directory. */
    private static Path newestCheckpoint(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state.resolve(JobSettings.CHECKPOINTS), 2)) {
            return files.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
                    .orElseThrow();
        }
    }
}
