package io.luden.stream.functions.template;

import io.luden.stream.functions.EventIds;
import io.luden.stream.functions.Events;
import io.luden.stream.sinks.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A Go {@code text/template}, interpreted for the subset table names use (SPEC §5): text,
 * {@code {{.a.b}}}, {@code if/else if/else/end}, pipes, parentheses, literals, the functions of
 * {@link GoTemplateFunctions}, and {@code ._timestamp} as a time with {@code .Format}. Written here
 * rather than embedded because the JVM has no Go runtime and only this subset is needed.
 */
final class GoTemplate {

    private final String source;
    private final List<GoTemplateNode> nodes;
    /** Like Jitsu: a template that mentions _timestamp needs a valid one in every event. */
    private final boolean usesTimestamp;

    private GoTemplate(String source, List<GoTemplateNode> nodes) {
        this.source = source;
        this.nodes = nodes;
        this.usesTimestamp = source.contains(EventIds.TIMESTAMP_FIELD);
    }

    /** @throws IllegalArgumentException naming the position and the construct that is wrong */
    static GoTemplate parse(String source) {
        return new GoTemplate(source, GoTemplateParser.parse(source));
    }

    /** The template's output for an event; a missing value prints as Go's {@code <no value>}. */
    String execute(ObjectNode event) throws TemplateException {
        return execute(event, null);
    }

    /**
     * The template's output for an event, a missing value printed as {@code missing} (Go's
     * {@code <no value>} when null) — only where an action prints it, so event data that happens to
     * read {@code <no value>} is kept.
     */
    String execute(ObjectNode event, String missing) throws TemplateException {
        GoTime timestamp = null;
        if (usesTimestamp) {
            JsonNode ts = event.get(EventIds.TIMESTAMP_FIELD);
            if (ts == null || ts.isNull()) {
                throw new TemplateException("_timestamp field doesn't exist, and the template uses it");
            }
            OffsetDateTime time = ts.isTextual() ? Timestamps.parse(ts.textValue()) : null;
            if (time == null) {
                throw new TemplateException("malformed _timestamp " + Events.toJson(ts)
                        + ": not an RFC 3339 date-time such as 2020-08-02T18:23:56.291383Z");
            }
            timestamp = new GoTime(time);
        }
        return new GoTemplateEvaluator(source, event, timestamp, missing).run(nodes);
    }

    String source() {
        return source;
    }

    static IllegalArgumentException syntaxError(String src, int at, String message) {
        return new IllegalArgumentException("Go template syntax error at " + position(src, at) + ": " + message);
    }

    /** "line L, column C" (1-based) of an offset, for messages about multi-line templates. */
    static String position(String src, int at) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(at, src.length()); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }
}
