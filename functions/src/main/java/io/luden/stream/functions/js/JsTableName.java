package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

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
    private static final List<String> PARAMETERS = List.of("$", "_", "destinationId", "destinationType");
    private static final String NUMBER = "n";
    private static final String TEXT = "s";
    /** The result as text: {@code s<string>}, {@code n<number>}, {@code strue}/{@code sfalse}, else {@code snull}. */
    private static final String ADAPTER = String.join("\n",
            "(function (template) {",
            "  return function (json, destinationId, destinationType) {",
            "    const $ = JSON.parse(json);",
            "    const name = template($, $, destinationId, destinationType);",
            "    switch (typeof name) {",
            "      case 'string': return '" + TEXT + "' + name;",
            "      case 'number': case 'bigint': return '" + NUMBER + "' + String(name);",
            "      case 'boolean': return '" + TEXT + "' + String(name);",
            "      default: return '" + TEXT + "null';",
            "    }",
            "  };",
            "})");

    private final String body;
    private final Duration timeout;
    private JsRuntime runtime;

    public JsTableName(String template, Duration timeout) {
        this.body = functionBody(template);
        this.timeout = timeout;
    }

    /** Jitsu's rule: with {@code return} anywhere the source is a body, else an expression to return. */
    public static String functionBody(String template) {
        return template.contains("return") ? template : "return " + template;
    }

    /**
     * Refuses a template that does not parse, before the first event (start-up).
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    public static void checkSyntax(String template) {
        JsSupport.requireAvailable("a JavaScript table_name_template");
        try {
            JsRuntime.checkSyntax(NAME, PARAMETERS, functionBody(template));
        } catch (JsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The template's result for one event as text (SPEC §5): a string as is, a number in decimal,
     * {@code true}/{@code false}, and {@code null} for null, undefined, objects and arrays. The
     * event is not modified.
     *
     * @throws JsException the script threw (message and line) or ran past the time limit
     */
    public synchronized String evaluate(ObjectNode event, String destinationId, String destinationType)
            throws JsException {
        if (runtime == null) {
            JsSupport.requireAvailable("a JavaScript table_name_template");
            runtime = new JsRuntime(NAME, PARAMETERS, body, ADAPTER, timeout);
        }
        String result = runtime.call(Events.toJson(event), destinationId, destinationType);
        if (result == null || result.isEmpty()) {
            throw new JsException(NAME + ": the script's result could not be read");
        }
        String value = result.substring(1);
        return result.startsWith(NUMBER) ? decimal(value) : value;
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** {@code 1e+21} → {@code 1000000000000000000000}, {@code 1e-7} → {@code 0.0000001}; NaN/Infinity as is. */
    private static String decimal(String number) {
        try {
            return new BigDecimal(number).toPlainString();
        } catch (NumberFormatException e) {
            return number;
        }
    }
}
