package io.luden.stream.config;

import io.luden.stream.functions.template.EventTemplate;
import io.luden.stream.functions.webhook.WebhookSettings;
import io.luden.stream.sinks.ConnectionSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Jitsu's WebHook block: {@code url}, {@code method} (POST), {@code body} (the event's JSON when
 * absent), {@code headers}; {@code url}, {@code body} and header values are templates of the event.
 * Luden adds {@code connect_timeout} (10s), {@code request_timeout} (30s) and {@code concurrency} (1).
 * Every template is parsed here, so a syntax error stops the start; a constant URL must be http(s).
 */
final class WebhookDatasource {
    private static final SectionKeys KEYS = SectionKeys.reads("url", "method", "body", "headers", "connect_timeout",
            "request_timeout", "concurrency");
    /** RFC 9110 token characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private WebhookDatasource() {}

    static ConnectionSettings parse(YamlNode ds, List<String> warnings) throws ConfigException {
        KEYS.check(ds, warnings);
        YamlNode urlNode = ds.require("url");
        String url = urlNode.text().strip();
        if (url.isEmpty()) {
            throw urlNode.error("must not be empty");
        }
        EventTemplate urlTemplate = template(urlNode, url);
        if (urlTemplate.kind() == EventTemplate.Kind.CONSTANT) {
            String reason = checkUrl(url);
            if (reason != null) {
                throw urlNode.error(reason + ", got '" + url + "'");
            }
        }
        YamlNode methodNode = ds.get("method");
        String method = methodNode.isPresent() ? methodNode.text().strip().toUpperCase(Locale.ROOT) : WebhookSettings.DEFAULT_METHOD;
        if (!WebhookSettings.METHODS.contains(method)) {
            throw methodNode.error("expected one of " + String.join(", ", WebhookSettings.METHODS) + ", got '"
                    + methodNode.text() + "'");
        }
        YamlNode bodyNode = ds.get("body");
        String body = null;
        if (bodyNode.isPresent()) {
            body = bodyNode.isMap() ? bodyNode.json() : bodyNode.text();
            template(bodyNode, body);
        }
        Map<String, String> headers = headers(ds.get("headers"));
        Duration connect = timeout(ds.get("connect_timeout"), WebhookSettings.DEFAULT_CONNECT_TIMEOUT);
        Duration request = timeout(ds.get("request_timeout"), WebhookSettings.DEFAULT_REQUEST_TIMEOUT);
        YamlNode concurrencyNode = ds.get("concurrency");
        int concurrency = concurrencyNode.isPresent() ? concurrencyNode.integer() : WebhookSettings.DEFAULT_CONCURRENCY;
        if (concurrency < 1 || concurrency > WebhookSettings.MAX_CONCURRENCY) {
            throw concurrencyNode.error("must be between 1 (one request at a time, in order) and "
                    + WebhookSettings.MAX_CONCURRENCY + ", got " + concurrency);
        }
        return new WebhookSettings(url, method, body, headers, connect, request, concurrency).toConnection();
    }

    private static Map<String, String> headers(YamlNode node) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!node.isPresent()) {
            return out;
        }
        if (!node.isMap()) {
            throw node.error("expected a map of header name to value, got " + node.describe());
        }
        Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : node.keys()) {
            YamlNode value = node.get(name);
            if (!HEADER_NAME.matcher(name).matches()) {
                throw value.error("not a valid HTTP header name");
            }
            if (WebhookSettings.RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw value.error("the HTTP client sets this header itself; it cannot be configured");
            }
            String earlier = seen.putIfAbsent(name, name);
            if (earlier != null) {
                throw value.error("header '" + earlier + "' is set twice (header names ignore case)");
            }
            String text = value.text();
            template(value, text);
            out.put(name, text);
        }
        return out;
    }

    private static Duration timeout(YamlNode node, Duration defaultValue) throws ConfigException {
        return node.isPresent() ? node.duration() : defaultValue;
    }

    /** Parses a template now: a Go or JavaScript syntax error is a configuration error naming its key. */
    private static EventTemplate template(YamlNode node, String source) throws ConfigException {
        try {
            EventTemplate t = EventTemplate.parse(node.path(), source);
            t.close();
            return t;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Why a constant URL cannot be sent to, or null. */
    private static String checkUrl(String url) {
        return WebhookSettings.checkUrl(url);
    }
}
