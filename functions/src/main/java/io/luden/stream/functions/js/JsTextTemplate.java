package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What {@link JsTableName} and {@link JsEventTemplate} share: Jitsu's source rule (with {@code return}
 * anywhere a function body, else an expression), the event as {@code $} (alias {@code _}) with
 * {@code destinationId} and {@code destinationType}, the runtime made on first use, and a result that
 * comes back as text from an adapter: {@link #TEXT} + text, or {@link #NUMBER} + a number, which is
 * given in plain decimal. Each caller's adapter says which values become which text. Calls are serialised.
 */
final class JsTextTemplate implements AutoCloseable {
    static final List<String> PARAMETERS = List.of("$", "_", "destinationId", "destinationType");
    /** Adapter prefix of a number (rendered in plain decimal here). */
    static final String NUMBER = "n";
    /** Adapter prefix of text (returned as it is). */
    static final String TEXT = "s";

    private final String name;
    private final String body;
    private final String adapter;
    private final Duration timeout;
    private JsRuntime runtime;

    /**
     * @param name what the template is, for messages ({@code table_name_template}, a key path)
     * @param adapter a JavaScript function of the template function returning
     *     {@code (json, destinationId, destinationType) → "s…" | "n…"}
     */
    JsTextTemplate(String name, String template, String adapter, Duration timeout) {
        this.name = name;
        this.body = functionBody(template);
        this.adapter = adapter;
        this.timeout = timeout;
    }

    /** Jitsu's rule: with {@code return} anywhere the source is a body, else an expression to return. */
    static String functionBody(String template) {
        return template.contains("return") ? template : "return " + template;
    }

    /**
     * Refuses a template that does not parse.
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    static void checkSyntax(String name, String template) {
        JsSupport.requireAvailable("a JavaScript " + name);
        try {
            JsRuntime.checkSyntax(name, PARAMETERS, functionBody(template));
        } catch (JsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The adapter's text for one event; the event is not modified.
     *
     * @throws JsException the script threw (message and line) or ran past the time limit
     */
    synchronized String render(ObjectNode event, String destinationId, String destinationType) throws JsException {
        if (runtime == null) {
            JsSupport.requireAvailable("a JavaScript " + name);
            runtime = new JsRuntime(name, PARAMETERS, body, adapter, timeout);
        }
        String result = runtime.call(Events.toJson(event), destinationId, destinationType);
        if (result == null || result.isEmpty()) {
            throw new JsException(name + ": the script's result could not be read");
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
