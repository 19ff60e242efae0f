package io.luden.stream.functions.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.WebhookReceiver;
import io.luden.stream.sinks.testing.WebhookReceiver.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebhookWriter} against a real HTTP server on loopback ({@link WebhookReceiver}): what the
 * server received (method, URL, headers, body, order) and the result of each row for each kind of
 * answer — 2xx, 4xx, 429/5xx, a refused connection, a server too slow for the time-out.
 */
class WebhookWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookReceiver server = new WebhookReceiver();
    private final List<WebhookWriter> writers = new ArrayList<>();

    @AfterEach
    void stop() {
        writers.forEach(WebhookWriter::close);
        server.close();
    }

    private WebhookWriter writer(String url, String method, String body, Map<String, String> headers,
                                 Duration requestTimeout, int concurrency) {
        WebhookWriter w = new WebhookWriter("hook", new WebhookSettings(url, method, body, headers,
                Duration.ofSeconds(2), requestTimeout, concurrency));
        writers.add(w);
        return w;
    }

    private WebhookWriter writer() {
        return writer(server.url("/hook"), "POST", null, Map.of(), Duration.ofSeconds(10), 1);
    }

    private static Row row(String json) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(json);
        return new Row("events", event.path("eventn_ctx_event_id").asText(null), List.of(), event);
    }

    private static List<Row> rows(String... ids) throws Exception {
        List<Row> out = new ArrayList<>();
        for (String id : ids) {
            out.add(row("{\"eventn_ctx_event_id\":\"" + id + "\",\"event_type\":\"pageview\",\"n\":1.0}"));
        }
        return out;
    }

    private static List<RowResult.Kind> kinds(List<RowResult> results) {
        return results.stream().map(RowResult::kind).toList();
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
    void sendsEachRowAsOneRequestInOrderCarryingTheEventsJson() throws Exception {
        List<RowResult> results = writer().write("events", rows("a", "b", "c"), new MapSchemaCache());

        assertThat(results).containsOnly(RowResult.written()).hasSize(3);
        assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.uri()).isEqualTo("/hook");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        });
        assertThat(receivedIds()).containsExactly("a", "b", "c");
        // the event's JSON as it is, number forms kept
        assertThat(server.requests().get(0).body()).isEqualTo("{\"eventn_ctx_event_id\":\"a\",\"event_type\":\"pageview\",\"n\":1.0}");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void every2xxIsDelivered(int status) throws Exception {
        server.respond(r -> Response.status(status));

        assertThat(writer().write("events", rows("a"), new MapSchemaCache())).containsExactly(RowResult.written());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 413, 422})
    void otherStatusesRefuseTheRowWithStatusAndBodyStartAndTheNextIsSent(int status) throws Exception {
        server.respond(r -> r.body().contains("\"b\"") ? Response.status(status, "{\"error\": \"field n\n is wrong\"}")
                : Response.status(200));

        List<RowResult> results = writer().write("events", rows("a", "b", "c"), new MapSchemaCache());

        assertThat(kinds(results)).containsExactly(RowResult.Kind.WRITTEN, RowResult.Kind.REFUSED, RowResult.Kind.WRITTEN);
        assertThat(results.get(1).reason()).isEqualTo("HTTP " + status + " from POST http://127.0.0.1:" + server.port()
                + "/hook: {\"error\": \"field n is wrong\"}");
        assertThat(receivedIds()).containsExactly("a", "b", "c");
    }

    @Test
    void aLongErrorBodyIsCutToItsStart() throws Exception {
        server.respond(r -> Response.status(400, "x".repeat(200_000)));

        RowResult r = writer().write("events", rows("a"), new MapSchemaCache()).get(0);

        assertThat(r.kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(r.reason()).startsWith("HTTP 400 from POST ").endsWith("x".repeat(ResponseStart.MAX_CHARS) + "…")
                .hasSizeLessThan(ResponseStart.MAX_CHARS + 100);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 408})
    void overloadAndServerErrorsRetryAndNothingAfterIsSentUntilTheRetryDelivers(int status) throws Exception {
        server.respond(r -> r.body().contains("\"b\"") ? Response.status(status, "busy") : Response.status(200));
        WebhookWriter writer = writer();

        List<RowResult> first = writer.write("events", rows("a", "b", "c", "d"), new MapSchemaCache());

        assertThat(kinds(first)).containsExactly(RowResult.Kind.WRITTEN, RowResult.Kind.RETRY, RowResult.Kind.RETRY,
                RowResult.Kind.RETRY);
        assertThat(first.get(1).reason()).isEqualTo("HTTP " + status + " from POST http://127.0.0.1:" + server.port()
                + "/hook: busy");
        assertThat(first.get(2).reason()).startsWith("not sent: an earlier request must be retried first (HTTP " + status);
        assertThat(receivedIds()).containsExactly("a", "b");

        server.respond(r -> Response.status(200)); // recovered: the loader hands in the waiting rows again
        assertThat(writer.write("events", rows("b", "c", "d"), new MapSchemaCache())).containsOnly(RowResult.written());
        assertThat(receivedIds()).containsExactly("a", "b", "b", "c", "d");
    }

    @Test
    void aRefusedConnectionRetriesAndDeliversWhenTheServerIsBack() throws Exception {
        WebhookWriter writer = writer();
        server.stop();

        List<RowResult> down = writer.write("events", rows("a", "b"), new MapSchemaCache());

        assertThat(kinds(down)).containsOnly(RowResult.Kind.RETRY);
        assertThat(down.get(0).reason()).startsWith("cannot connect to POST http://127.0.0.1:" + server.port() + "/hook");
        server.restart();
        assertThat(writer.write("events", rows("a", "b"), new MapSchemaCache())).containsOnly(RowResult.written());
        assertThat(receivedIds()).containsExactly("a", "b");
    }

    @Test
    void aServerSlowerThanTheRequestTimeoutIsRetry() throws Exception {
        server.respond(r -> new Response(200, "", 3_000));
        WebhookWriter writer = writer(server.url("/slow"), "POST", null, Map.of(), Duration.ofMillis(300), 1);

        long started = System.nanoTime();
        List<RowResult> results = writer.write("events", rows("a", "b"), new MapSchemaCache());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(kinds(results)).containsExactly(RowResult.Kind.RETRY, RowResult.Kind.RETRY);
        assertThat(results.get(0).reason()).isEqualTo("no response from POST http://127.0.0.1:" + server.port()
                + "/slow within request_timeout");
        assertThat(receivedIds()).containsExactly("a");
    }

    @Test
    void goTemplatesRenderUrlBodyAndHeadersAndAMissingFieldIsNull() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Event-Id", "{{.eventn_ctx_event_id}}");
        headers.put("X-Missing", "{{.nope}}");
        headers.put("Authorization", "Bearer abc $5");
        WebhookWriter writer = writer(server.url("/hook/{{.event_type}}?user={{.user.id}}&x={{.nope}}"), "PUT",
                "{\"type\": \"{{.event_type}}\", \"user\": {{json .user}}, \"missing\": {{.nope}}, \"literal\": \"<no value>\"}",
                headers, Duration.ofSeconds(10), 1);

        writer.write("events", List.of(row("{\"eventn_ctx_event_id\":\"e1\",\"event_type\":\"signup\",\"user\":{\"id\":42}}")),
                new MapSchemaCache());

        WebhookReceiver.Request r = server.requests().get(0);
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.uri()).isEqualTo("/hook/signup?user=42&x=null");
        assertThat(r.body()).isEqualTo("{\"type\": \"signup\", \"user\": {\"id\":42}, \"missing\": null, \"literal\": \"<no value>\"}");
        assertThat(r.header("X-Event-Id")).isEqualTo("e1");
        assertThat(r.header("X-Missing")).isEqualTo("null");
        assertThat(r.header("Authorization")).isEqualTo("Bearer abc $5");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void javaScriptTemplatesRenderObjectsAsJsonAndAMissingFieldAsNull() throws Exception {
        WebhookWriter writer = writer("'" + server.url("/js/") + "' + $.event_type", "POST",
                "return {text: 'new ' + $.event_type, user: $.user.id, missing: $.nope}",
                Map.of("X-User", "$.user.id", "X-Missing", "$.nope"), Duration.ofSeconds(10), 1);

        writer.write("events", List.of(row("{\"eventn_ctx_event_id\":\"e1\",\"event_type\":\"signup\",\"user\":{\"id\":42}}")),
                new MapSchemaCache());

        WebhookReceiver.Request r = server.requests().get(0);
        assertThat(r.uri()).isEqualTo("/js/signup");
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"text\":\"new signup\",\"user\":42}"));
        assertThat(r.header("X-User")).isEqualTo("42");
        assertThat(r.header("X-Missing")).isEqualTo("null");
    }

    @Test
    void aContentTypeHeaderReplacesTheDefault() throws Exception {
        WebhookWriter writer = writer(server.url("/form"), "POST", "id={{.eventn_ctx_event_id}}",
                Map.of("content-type", "application/x-www-form-urlencoded"), Duration.ofSeconds(10), 1);

        writer.write("events", rows("a"), new MapSchemaCache());

        assertThat(server.requests().get(0).header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(server.requests().get(0).body()).isEqualTo("id=a");
    }

    @Test
    void aUrlThatRendersBadlyRefusesOnlyThatEventNamingTheTemplate() throws Exception {
        WebhookWriter writer = writer("{{.target}}", "POST", null, Map.of(), Duration.ofSeconds(10), 1);
        String good = server.url("/ok");

        List<RowResult> results = writer.write("events", List.of(
                row("{\"eventn_ctx_event_id\":\"a\",\"target\":\"ftp://example.com/x\"}"),
                row("{\"eventn_ctx_event_id\":\"b\"}"),
                row("{\"eventn_ctx_event_id\":\"c\",\"target\":\"http://exa mple.com\"}"),
                row("{\"eventn_ctx_event_id\":\"d\",\"target\":\"" + good + "\"}")), new MapSchemaCache());

        assertThat(kinds(results)).containsExactly(RowResult.Kind.REFUSED, RowResult.Kind.REFUSED, RowResult.Kind.REFUSED,
                RowResult.Kind.WRITTEN);
        assertThat(results.get(0).reason()).isEqualTo("destinations.hook.config.url rendered \"ftp://example.com/x\":"
                + " not an http:// or https:// URL (scheme 'ftp')");
        assertThat(results.get(1).reason()).startsWith("destinations.hook.config.url rendered \"null\": not an http");
        assertThat(results.get(2).reason()).startsWith("destinations.hook.config.url rendered \"http://exa mple.com\": not a URL");
        assertThat(receivedIds()).containsExactly("d");
    }

    @Test
    void aTemplateErrorOrABadHeaderValueRefusesTheEventNamingTheTemplate() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Month", "{{._timestamp.Format \"2006-01\"}}");
        headers.put("X-Name", "{{.name}}");
        WebhookWriter writer = writer(server.url("/h"), "POST", null, headers, Duration.ofSeconds(10), 1);

        List<RowResult> results = writer.write("events", List.of(
                row("{\"eventn_ctx_event_id\":\"a\",\"name\":\"x\"}"),
                row("{\"eventn_ctx_event_id\":\"b\",\"_timestamp\":\"2024-05-01T10:00:00Z\",\"name\":\"line\\nbreak\"}"),
                row("{\"eventn_ctx_event_id\":\"c\",\"_timestamp\":\"2024-05-01T10:00:00Z\",\"name\":\"ok\"}")),
                new MapSchemaCache());

        assertThat(kinds(results)).containsExactly(RowResult.Kind.REFUSED, RowResult.Kind.REFUSED, RowResult.Kind.WRITTEN);
        assertThat(results.get(0).reason()).isEqualTo("destinations.hook.config.headers.X-Month: _timestamp field doesn't"
                + " exist, and the template uses it");
        assertThat(results.get(1).reason()).startsWith("destinations.hook.config.headers.X-Name rendered \"line\\nbreak\","
                + " which is not a valid header value");
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.header("X-Month")).isEqualTo("2024-05");
            assertThat(r.header("X-Name")).isEqualTo("ok");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE"})
    void sendsTheConfiguredMethod(String method) throws Exception {
        writer(server.url("/m"), method, null, Map.of(), Duration.ofSeconds(10), 1).write("events", rows("a"),
                new MapSchemaCache());

        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo(method);
            assertThat(r.body()).contains("\"a\"");
        });
    }

    @Test
    void concurrencySendsSeveralAtOnceInStartOrderAndStopsStartingAfterARetry() throws Exception {
        server.respond(r -> r.body().contains("\"e3\"") ? new Response(503, "", 150) : new Response(200, "", 150));
        WebhookWriter writer = writer(server.url("/c"), "POST", null, Map.of(), Duration.ofSeconds(10), 2);

        List<RowResult> results = writer.write("events", rows("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"),
                new MapSchemaCache());

        assertThat(kinds(results)).containsExactly(RowResult.Kind.WRITTEN, RowResult.Kind.WRITTEN, RowResult.Kind.WRITTEN,
                RowResult.Kind.RETRY, RowResult.Kind.RETRY, RowResult.Kind.RETRY, RowResult.Kind.RETRY, RowResult.Kind.RETRY);
        assertThat(server.maxInFlight()).isEqualTo(2);
        // e4 was in flight when e3's 503 arrived: it is reported RETRY (sent again with e3); e5.. were never sent
        assertThat(receivedIds()).containsExactlyInAnyOrder("e0", "e1", "e2", "e3", "e4");
        assertThat(results.get(4).reason()).startsWith("sent while an earlier request had to be retried (HTTP 503");
        assertThat(results.get(5).reason()).startsWith("not sent: an earlier request must be retried first (HTTP 503");
    }
}
