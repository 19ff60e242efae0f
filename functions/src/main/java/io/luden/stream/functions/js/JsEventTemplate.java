package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * A JavaScript template of an event rendered to text as it is (a webhook's {@code url}, {@code body}
 * or a header value): like {@link JsTableName} — a source with {@code return} is a function body,
 * anything else an expression; the event is {@code $} (alias {@code _}), with {@code destinationId}
 * and {@code destinationType} — but objects and arrays render as their JSON text rather than
 * {@code null}, and no naming rule applies. One instance per writer; calls are serialised.
 */
public final class JsEventTemplate implements AutoCloseable {
    private static final List<String> PARAMETERS = List.of("$", "_", "destinationId", "destinationType");
    private static final String NUMBER = "n";
    private static final String TEXT = "s";
    /** The result as text: {@code s<string>}, {@code n<number>}, JSON for objects and arrays, {@code snull} for null/undefined. */
    private static final String ADAPTER = String.join("\n",
            "(function (template) {",
            "  return function (json, destinationId, destinationType) {",
            "    const $ = JSON.parse(json);",
            "    const value = template($, $, destinationId, destinationType);",
            "    if (value === null || value === undefined) { return '" + TEXT + "null'; }",
            "    switch (typeof value) {",
            "      case 'number': case 'bigint': return '" + NUMBER + "' + String(value);",
            "      case 'object': return '" + TEXT + "' + JSON.stringify(value);",
            "      default: return '" + TEXT + "' + String(value);",
            "    }",
            "  };",
            "})");

    private final String name;
    private final String body;
    private final Duration timeout;
    private JsRuntime runtime;

    /** @param name what the template is, for messages (its key path, e.g. {@code destinations.hook.config.body}) */
    public JsEventTemplate(String name, String template, Duration timeout) {
        this.name = name;
        this.body = JsTableName.functionBody(template);
        this.timeout = timeout;
    }

    /**
     * Refuses a template that does not parse, at start-up.
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    public static void checkSyntax(String name, String template) {
        JsSupport.requireAvailable("a JavaScript " + name);
        try {
            JsRuntime.checkSyntax(name, PARAMETERS, JsTableName.functionBody(template));
        } catch (JsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The template's result for one event: a string as it is, a number in plain decimal, booleans
     * {@code true}/{@code false}, {@code null} for null and undefined, objects and arrays as JSON.
     *
     * @throws JsException the script threw (message and line) or ran past the time limit
     */
    public synchronized String render(ObjectNode event, String destinationId, String destinationType) throws JsException {
        if (runtime == null) {
            JsSupport.requireAvailable("a JavaScript " + name);
            runtime = new JsRuntime(name, PARAMETERS, body, ADAPTER, timeout);
        }
        String result = runtime.call(Events.toJson(event), destinationId, destinationType);
        if (result == null || result.isEmpty()) {
            throw new JsException(name + ": the script's result could not be read");
        }
        String value = result.substring(1);
        if (result.startsWith(NUMBER)) {
            try {
                return new BigDecimal(value).toPlainString();
            } catch (NumberFormatException e) {
                return value; // NaN, Infinity
            }
        }
        return value;
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
