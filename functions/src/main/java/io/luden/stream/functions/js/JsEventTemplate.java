package io.luden.stream.functions.js;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A JavaScript template of an event rendered to text as it is (a webhook's {@code url}, {@code body}
 * or a header value): like {@link JsTableName} — a source with {@code return} is a function body,
 * anything else an expression; the event is {@code $} (alias {@code _}), with {@code destinationId}
 * and {@code destinationType} — but objects and arrays render as their JSON text rather than
 * {@code null}, and no naming rule applies. One instance per writer; calls are serialised.
 */
public final class JsEventTemplate implements AutoCloseable {
    /** The result as text: {@code s<string>}, {@code n<number>}, JSON for objects and arrays, {@code snull} for null/undefined. */
    private static final String ADAPTER = String.join("\n",
            "(function (template) {",
            "  return function (json, destinationId, destinationType) {",
            "    const $ = JSON.parse(json);",
            "    const value = template($, $, destinationId, destinationType);",
            "    if (value === null || value === undefined) { return '" + JsTextTemplate.TEXT + "null'; }",
            "    switch (typeof value) {",
            "      case 'number': case 'bigint': return '" + JsTextTemplate.NUMBER + "' + String(value);",
            "      case 'object': return '" + JsTextTemplate.TEXT + "' + JSON.stringify(value);",
            "      default: return '" + JsTextTemplate.TEXT + "' + String(value);",
            "    }",
            "  };",
            "})");

    private final JsTextTemplate template;

    /** @param name what the template is, for messages (its key path, e.g. {@code destinations.hook.config.body}) */
    public JsEventTemplate(String name, String template, Duration timeout) {
        this.template = new JsTextTemplate(name, template, ADAPTER, timeout);
    }

    /**
     * Refuses a template that does not parse, at start-up.
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    public static void checkSyntax(String name, String template) {
        JsTextTemplate.checkSyntax(name, template);
    }

    /**
     * The template's result for one event: a string as it is, a number in plain decimal, booleans
     * {@code true}/{@code false}, {@code null} for null and undefined, objects and arrays as JSON.
     *
     * @throws JsException the script threw (message and line) or ran past the time limit
     */
    public String render(ObjectNode event, String destinationId, String destinationType) throws JsException {
        return template.render(event, destinationId, destinationType);
    }

    @Override
    public void close() {
        template.close();
    }
}
