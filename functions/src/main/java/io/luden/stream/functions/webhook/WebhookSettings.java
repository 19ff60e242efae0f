package io.luden.stream.functions.webhook;

import io.luden.stream.sinks.ConnectionSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A webhook destination's {@code config:} ({@code url}, {@code method}, {@code body}, {@code headers},
 * and Luden's {@code connect_timeout}, {@code request_timeout}, {@code concurrency}), carried in
 * {@link ConnectionSettings#parameters()} like every type-specific setting.
 */
public final class WebhookSettings {
    public static final String TYPE = "webhook";
    public static final String DEFAULT_METHOD = "POST";
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** One request at a time: the receiver sees the events in order. */
    public static final int DEFAULT_CONCURRENCY = 1;
    public static final int MAX_CONCURRENCY = 64;
    /** Headers the JDK's HTTP client sets itself and refuses from a caller (lower case). */
    public static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");

    static final String URL = "url";
    static final String METHOD = "method";
    static final String BODY = "body";
    static final String HEADER = "header.";
    static final String CONNECT_TIMEOUT_MS = "connect_timeout_ms";
    static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
    static final String CONCURRENCY = "concurrency";

    private final String url;
    private final String method;
    private final String body;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int concurrency;

    /**
     * @param body the body template, or null to send the event's JSON
     * @param headers header name → value template
     */
    public WebhookSettings(String url, String method, String body, Map<String, String> headers,
                           Duration connectTimeout, Duration requestTimeout, int concurrency) {
        this.url = Objects.requireNonNull(url, "url");
        this.method = Objects.requireNonNull(method, "method");
        this.body = body;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be between 1 and " + MAX_CONCURRENCY + ", got " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** The settings a configuration parser stored in {@code connection} (type {@value #TYPE}). */
    public static WebhookSettings of(ConnectionSettings connection) {
        Map<String, String> p = connection.parameters();
        Map<String, String> headers = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(HEADER)) {
                headers.put(k.substring(HEADER.length()), v);
            }
        });
        return new WebhookSettings(p.get(URL), p.getOrDefault(METHOD, DEFAULT_METHOD), p.get(BODY), headers,
                millis(p, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT), millis(p, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
                p.containsKey(CONCURRENCY) ? Integer.parseInt(p.get(CONCURRENCY)) : DEFAULT_CONCURRENCY);
    }

    /** These settings as a destination's connection. */
    public ConnectionSettings toConnection() {
        Map<String, String> p = new TreeMap<>();
        p.put(URL, url);
        p.put(METHOD, method);
        if (body != null) {
            p.put(BODY, body);
        }
        headers.forEach((k, v) -> p.put(HEADER + k, v));
        p.put(CONNECT_TIMEOUT_MS, Long.toString(connectTimeout.toMillis()));
        p.put(REQUEST_TIMEOUT_MS, Long.toString(requestTimeout.toMillis()));
        p.put(CONCURRENCY, Integer.toString(concurrency));
        return ConnectionSettings.builder(TYPE).parameters(p).build();
    }

    /** Why {@code text} is not an absolute http(s) URL with a host, or null when it is one. */
    public static String checkUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return "not a URL (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "not an http:// or https:// URL" + (scheme.isEmpty() ? "" : " (scheme '" + scheme + "')");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "the URL has no host";
        }
        return null;
    }

    private static Duration millis(Map<String, String> p, String key, Duration defaultValue) {
        return p.containsKey(key) ? Duration.ofMillis(Long.parseLong(p.get(key))) : defaultValue;
    }

    public String url() { return url; }
    public String method() { return method; }
    /** The body template, or null: the request carries the event's JSON. */
    public String body() { return body; }
    public Map<String, String> headers() { return headers; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public int concurrency() { return concurrency; }
}
