package io.luden.stream.functions.template;

import io.luden.stream.functions.js.JsEventTemplate;
import io.luden.stream.functions.js.JsException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A template of the event rendered to text as it is — a webhook's {@code url}, {@code body} and
 * header values — in the language of {@code table_name_template} (SPEC §5) but without its naming
 * rule (no trim, no lower case, no {@code _}). Forms: {@code {{ }}} → Go template; a source that
 * reads the event in JavaScript ({@code $.x}, {@code $[…]}) or has {@code return} → JavaScript;
 * anything else → constant text (so {@code Bearer abc} or {@code application/json} is sent as it
 * is, where {@code table_name_template}'s rule would take it for JavaScript). A missing field or null
 * renders as {@code null}, in both languages.
 */
public final class EventTemplate implements AutoCloseable {
    /** Time limit of one JavaScript rendering: a template is an expression, a loop is a bug. */
    public static final Duration JS_TIMEOUT = Duration.ofSeconds(1);

    public enum Kind { CONSTANT, GO, JAVASCRIPT }

    private static final Pattern READS_EVENT = Pattern.compile("(?<![\\w$])[$_]\\s*(?:\\.|\\[)|\\breturn\\b");

    private final String name;
    private final String source;
    private final Kind kind;
    private final GoTemplate go;
    private JsEventTemplate js;

    private EventTemplate(String name, String source, Kind kind, GoTemplate go) {
        this.name = name;
        this.source = source;
        this.kind = kind;
        this.go = go;
    }

    /**
     * @param name the template's key path, named in every error
     * @throws IllegalArgumentException naming {@code name}: a Go syntax error or unsupported
     *     construct, a JavaScript syntax error, or JavaScript without GraalJS
     */
    public static EventTemplate parse(String name, String source) {
        if (source.contains("{{")) {
            try {
                return new EventTemplate(name, source, Kind.GO, GoTemplate.parse(source));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
        if (READS_EVENT.matcher(source).find()) {
            try {
                JsEventTemplate.checkSyntax(name, source);
            } catch (IllegalArgumentException | IllegalStateException e) {
                String message = e.getMessage();
                throw new IllegalArgumentException(message.startsWith(name) ? message : name + ": " + message, e);
            }
            return new EventTemplate(name, source, Kind.JAVASCRIPT, null);
        }
        return new EventTemplate(name, source, Kind.CONSTANT, null);
    }

    public Kind kind() {
        return kind;
    }

    public String source() {
        return source;
    }

    public String name() {
        return name;
    }

    /**
     * The text for one event (not modified).
     *
     * @throws TemplateException naming the template: a Go function error, a missing or malformed
     *     {@code _timestamp} a template formats, a JavaScript error or time-out
     */
    public String render(ObjectNode event, String destinationId, String destinationType) throws TemplateException {
        switch (kind) {
            case CONSTANT:
                return source;
            case GO:
                try {
                    return go.execute(event, "null");
                } catch (TemplateException e) {
                    throw new TemplateException(name + ": " + e.getMessage());
                }
            default:
                return javaScript(event, destinationId, destinationType);
        }
    }

    private synchronized String javaScript(ObjectNode event, String destinationId, String destinationType)
            throws TemplateException {
        if (js == null) {
            js = new JsEventTemplate(name, source, JS_TIMEOUT);
        }
        try {
            return js.render(event, destinationId, destinationType);
        } catch (JsException e) {
            String message = e.getMessage();
            throw new TemplateException(message.startsWith(name) ? message : name + ": " + message);
        }
    }

    @Override
    public synchronized void close() {
        if (js != null) {
            js.close();
            js = null;
        }
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
