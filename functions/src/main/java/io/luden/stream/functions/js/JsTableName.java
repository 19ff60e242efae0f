package io.luden.stream.functions.js;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A JavaScript {@code table_name_template} (SPEC §5, Jitsu's {@code SmartParse}): a source
 * containing {@code return} is a function body, anything else an expression ({@code return } is
 * prepended). It sees the event as {@code $} (alias {@code _}), {@code destinationId} and
 * {@code destinationType}. {@link #evaluate} gives the result as text; naming rules and skipping are
 * {@code TableNameTemplate}'s. One instance per subtask and destination; calls are serialised.
 */
public final class JsTableName implements AutoCloseable {

    /** Time limit of one evaluation: a table name is a cheap expression, a loop is a bug. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private static final String NAME = "table_name_template";
    /** The result as text: {@code s<string>}, {@code n<number>}, {@code strue}/{@code sfalse}, else {@code snull}. */
    private static final String ADAPTER = String.join("\n",
            "(function (template) {",
            "  return function (json, destinationId, destinationType) {",
            "    const $ = JSON.parse(json);",
            "    const name = template($, $, destinationId, destinationType);",
            "    switch (typeof name) {",
            "      case 'string': return '" + JsTextTemplate.TEXT + "' + name;",
            "      case 'number': case 'bigint': return '" + JsTextTemplate.NUMBER + "' + String(name);",
            "      case 'boolean': return '" + JsTextTemplate.TEXT + "' + String(name);",
            "      default: return '" + JsTextTemplate.TEXT + "null';",
            "    }",
            "  };",
            "})");

    private final JsTextTemplate template;

    public JsTableName(String template, Duration timeout) {
        this.template = new JsTextTemplate(NAME, template, ADAPTER, timeout);
    }

    /** Jitsu's rule: with {@code return} anywhere the source is a body, else an expression to return. */
    public static String functionBody(String template) {
        return JsTextTemplate.functionBody(template);
    }

    /**
     * Refuses a template that does not parse, before the first event (start-up).
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    public static void checkSyntax(String template) {
        JsTextTemplate.checkSyntax(NAME, template);
    }

    /**
     * The template's result for one event as text (SPEC §5): a string as is, a number in decimal,
     * {@code true}/{@code false}, and {@code null} for null, undefined, objects and arrays. The
     * event is not modified.
     *
     * @throws JsException the script threw (message and line) or ran past the time limit
     */
    public String evaluate(ObjectNode event, String destinationId, String destinationType) throws JsException {
        return template.render(event, destinationId, destinationType);
    }

    @Override
    public void close() {
        template.close();
    }
}
