package io.luden.stream.functions.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.config.ConfigLoader;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.functions.EventLoader;
import io.luden.stream.functions.EventRecord;
import io.luden.stream.functions.LoadOutcome;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.WebhookReceiver;
import io.luden.stream.sinks.testing.WebhookReceiver.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook destination through the loader's pipeline ({@link EventLoader}, as configured from YAML)
 * into a real loopback HTTP server: order across the tables a template names, skipping by
 * {@code table_name_template}, the transform's output as what is sent, and the outcome of each event.
 */
class WebhookLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final WebhookReceiver server = new WebhookReceiver();
    private EventLoader loader;

    @AfterEach
    void stop() throws Exception {
        if (loader != null) {
            loader.close();
        }
        server.close();
    }

    private EventLoader loader(String extra) throws Exception {
        Path file = dir.resolve("luden.yaml");
        Files.writeString(file, "destinations:\n  hook:\n    type: webhook\n    config: {url: '" + server.url("/in") + "'}\n"
                + extra);
        DestinationConfig d = ConfigLoader.load(file, Map.of(), dir).destinations().get("hook");
        loader = new EventLoader(d, null);
        return loader;
    }

    private static List<EventRecord> events(String... typeAndId) {
        List<EventRecord> out = new ArrayList<>();
        for (String s : typeAndId) {
            String[] p = s.split(":");
            out.add(new EventRecord("hook", "t", p[1], "{\"eventn_ctx_event_id\":\"" + p[1] + "\",\"event_type\":\"" + p[0]
                    + "\",\"_timestamp\":\"2024-05-01T10:00:00Z\"}", "f.log", out.size() + 1));
        }
        return out;
    }

    private List<String> receivedIds() {
        return server.requests().stream().map(r -> {
            try {
                return JSON.readTree(r.body()).get("eventn_ctx_event_id").asText();
            } catch (Exception e) {
                throw new AssertionError(r.body(), e);
            }
        }).toList();
    }

    @Test
    void eventsOfDifferentTablesAreSentInArrivalOrder() throws Exception {
        EventLoader l = loader("    data_layout: {table_name_template: '{{.event_type}}'}\n");

        EventLoader.Flush flush = l.load(events("a:1", "b:2", "a:3", "c:4", "b:5"), new MapSchemaCache());

        assertThat(flush.outcomes()).extracting(LoadOutcome::kind).containsOnly(LoadOutcome.Kind.LOADED);
        assertThat(flush.rowsWritten()).isEqualTo(5);
        assertThat(receivedIds()).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void theTableNameTemplateFiltersWhatIsSent() throws Exception {
        EventLoader l = loader("    data_layout: {table_name_template: '{{if eq .event_type \"keep\"}}x{{end}}'}\n");

        EventLoader.Flush flush = l.load(events("keep:1", "drop:2", "keep:3"), new MapSchemaCache());

        assertThat(flush.outcomes()).extracting(LoadOutcome::kind)
                .containsExactly(LoadOutcome.Kind.LOADED, LoadOutcome.Kind.SKIPPED, LoadOutcome.Kind.LOADED);
        assertThat(receivedIds()).containsExactly("1", "3");
    }

    @Test
    void aRetryInOneTableHoldsBackTheLaterEventsOfEveryTable() throws Exception {
        server.respond(r -> r.body().contains("\"2\"") ? Response.status(503) : Response.status(200));
        EventLoader l = loader("    data_layout: {table_name_template: '{{.event_type}}'}\n");

        EventLoader.Flush flush = l.load(events("a:1", "b:2", "a:3", "c:4"), new MapSchemaCache());

        assertThat(flush.outcomes()).extracting(LoadOutcome::kind).containsExactly(LoadOutcome.Kind.LOADED,
                LoadOutcome.Kind.RETRY, LoadOutcome.Kind.RETRY, LoadOutcome.Kind.RETRY);
        assertThat(receivedIds()).containsExactly("1", "2");
    }

    @Test
    void aTransformsRowsAreWhatIsSentAndA4xxFailsTheEventWithTheStatus() throws Exception {
        server.respond(r -> r.body().contains("\"bad\"") ? Response.status(422, "no such kind") : Response.status(200));
        EventLoader l = loader("    data_layout:\n      transform: 'return {kind: $.event_type, id: $.eventn_ctx_event_id}'\n");

        EventLoader.Flush flush = l.load(events("good:1", "bad:2"), new MapSchemaCache());

        assertThat(flush.outcomes()).extracting(LoadOutcome::kind).containsExactly(LoadOutcome.Kind.LOADED,
                LoadOutcome.Kind.FAILED);
        assertThat(flush.outcomes().get(1).error()).isEqualTo("HTTP 422 from POST " + server.url("/in") + ": no such kind");
        // the transform's row, with the row id and _timestamp every row keeps
        assertThat(JSON.readTree(server.requests().get(0).body())).isEqualTo(JSON.readTree(
                "{\"kind\":\"good\",\"id\":\"1\",\"eventn_ctx_event_id\":\"1\",\"_timestamp\":\"2024-05-01T10:00:00Z\"}"));
    }
}
