package io.luden.stream.functions.webhook;

import io.luden.stream.functions.Events;
import io.luden.stream.functions.template.EventTemplate;
import io.luden.stream.functions.template.TemplateException;
import io.luden.stream.sinks.Row;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP request of one row: {@code url}, {@code body} and header templates rendered against the
 * event the row was made from ({@link Row#source()}). Without a body template the body is the
 * event's JSON; {@code Content-Type: application/json} unless a header sets it. Every problem of a
 * rendering is the event's ({@link Refused}), named by the template's key path.
 */
final class WebhookRequests implements AutoCloseable {
    static final String CONTENT_TYPE = "Content-Type";
    static final String JSON = "application/json";

    private final String destinationId;
    private final WebhookSettings settings;
    private final EventTemplate url;
    private final EventTemplate body;
    private final Map<String, EventTemplate> headers = new LinkedHashMap<>();
    private final boolean contentTypeSet;

    /** @param keyPath where the templates are configured, e.g. {@code destinations.hook.config} */
    WebhookRequests(String destinationId, String keyPath, WebhookSettings settings) {
        this.destinationId = destinationId;
        this.settings = settings;
        this.url = EventTemplate.parse(keyPath + ".url", settings.url());
        this.body = settings.body() == null ? null : EventTemplate.parse(keyPath + ".body", settings.body());
        boolean contentType = false;
        for (Map.Entry<String, String> h : settings.headers().entrySet()) {
            headers.put(h.getKey(), EventTemplate.parse(keyPath + ".headers." + h.getKey(), h.getValue()));
            contentType |= h.getKey().equalsIgnoreCase(CONTENT_TYPE);
        }
        this.contentTypeSet = contentType;
    }

    /** The row's request. */
    HttpRequest request(Row row) throws Refused {
        ObjectNode event = row.source();
        if (event == null) {
            throw new IllegalStateException("row of event " + row.eventId() + " has no source event for the webhook");
        }
        URI uri = uri(render(url, event));
        String content = body == null ? Events.toJson(event) : render(body, event);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                // HTTP/2 only where TLS negotiates it; on plain http the JDK would add an h2c Upgrade header
                .version("https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .method(settings.method(), HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8));
        if (!contentTypeSet) {
            b.header(CONTENT_TYPE, JSON);
        }
        for (Map.Entry<String, EventTemplate> h : headers.entrySet()) {
            String value = render(h.getValue(), event);
            try {
                b.header(h.getKey(), value);
            } catch (IllegalArgumentException e) {
                throw new Refused(h.getValue().name() + " rendered " + quote(value) + ", which is not a valid header value"
                        + " (" + e.getMessage() + ")");
            }
        }
        return b.build();
    }

    private URI uri(String text) throws Refused {
        String reason = WebhookSettings.checkUrl(text);
        if (reason != null) {
            throw new Refused(url.name() + " rendered " + quote(text) + ": " + reason);
        }
        return URI.create(text.strip());
    }

    private String render(EventTemplate template, ObjectNode event) throws Refused {
        try {
            return template.render(event, destinationId, WebhookSettings.TYPE);
        } catch (TemplateException e) {
            throw new Refused(e.getMessage());
        }
    }

    private static String quote(String text) {
        String t = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return '"' + t.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }

    /** The url template is a constant (checked once at start-up, not per event). */
    boolean constantUrl() {
        return url.kind() == EventTemplate.Kind.CONSTANT;
    }

    @Override
    public void close() {
        url.close();
        if (body != null) {
            body.close();
        }
        headers.values().forEach(EventTemplate::close);
    }

    /** A request the event's data cannot make; the message names the template and what broke. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
