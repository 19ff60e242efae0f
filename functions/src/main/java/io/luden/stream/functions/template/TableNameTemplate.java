package io.luden.stream.functions.template;

import io.luden.stream.functions.ColumnNames;
import io.luden.stream.functions.js.JsException;
import io.luden.stream.functions.js.JsTableName;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * A destination's {@code table_name_template} (SPEC §5): which table an event goes to, or that it
 * is skipped. The form is told apart the way Jitsu's SmartParse does it: {@code {{ }}} actions →
 * Go template; a plain SQL identifier or an http(s) URL → constant; anything else → JavaScript.
 * Only the source is serialised; the parsed form is rebuilt on first use after deserialisation.
 *
 * <p>Only the JAVASCRIPT kind touches the {@code js} package, and through it GraalJS: a
 * configuration without JavaScript runs on a cluster without GraalJS.
 */
public final class TableNameTemplate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What an unset or empty template means. */
    public static final String DEFAULT_TABLE = "events";

    /** How the template is evaluated. */
    public enum Kind { CONSTANT, GO, JAVASCRIPT }

    /** Letters, digits, {@code _ $ #}, or a double-quoted part; parts joined by dots: {@code web.pageviews}. */
    private static final Pattern IDENTIFIER =
            Pattern.compile("(?:[\\p{L}\\p{N}_$#]+|\"[^\"]*\")(?:\\.(?:[\\p{L}\\p{N}_$#]+|\"[^\"]*\"))*");
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private final String source;
    private final Kind kind;
    /** The sanitised constant; null unless CONSTANT. */
    private final String constant;
    private transient GoTemplate go;
    /** The JavaScript runtime, created on the first evaluation; null unless JAVASCRIPT. */
    private transient JsTableName js;

    private TableNameTemplate(String source, Kind kind, String constant, GoTemplate go) {
        this.source = source;
        this.kind = kind;
        this.constant = constant;
        this.go = go;
    }

    /**
     * Parses a template; null or blank means {@value #DEFAULT_TABLE}.
     *
     * @throws IllegalArgumentException when a Go template has a syntax error or uses something
     *     outside the supported subset, or a JavaScript one does not parse (or GraalJS is missing);
     *     the message names the position and the construct
     */
    public static TableNameTemplate parse(String template) {
        String text = template == null ? "" : template.strip();
        if (text.isEmpty()) {
            return new TableNameTemplate(DEFAULT_TABLE, Kind.CONSTANT, DEFAULT_TABLE, null);
        }
        if (template.contains("{{")) {
            try {
                return new TableNameTemplate(template, Kind.GO, null, GoTemplate.parse(template));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("table_name_template " + quote(template) + ": " + e.getMessage(), e);
            }
        }
        if (IDENTIFIER.matcher(text).matches() || URL.matcher(text).matches()) {
            return new TableNameTemplate(template, Kind.CONSTANT, ColumnNames.reformat(text), null);
        }
        try {
            JsTableName.checkSyntax(template);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("table_name_template " + quote(template) + ": " + e.getMessage(), e);
        }
        return new TableNameTemplate(template, Kind.JAVASCRIPT, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The template as configured. */
    public String source() {
        return source;
    }

    /** {@link #evaluate(ObjectNode, String, String)} for a template that needs no destination. */
    public String evaluate(ObjectNode event) throws TemplateException {
        return evaluate(event, null, null);
    }

    /**
     * The table for one event: the template's output with Go's {@code <no value>} replaced by
     * {@code null} (also inside a longer name), trimmed, lower-cased, every character outside
     * {@code [a-z0-9]} turned into {@code _}. Returns null when the event is to be skipped: the
     * result is {@code ""}, {@code null} or {@code false}. The event is not modified.
     *
     * @param destinationId {@code destinationId} of a JavaScript template (ignored by the others)
     * @param destinationType {@code destinationType} of a JavaScript template
     * @throws TemplateException when the template cannot be evaluated for this event (a JavaScript
     *     error with its line, or its time limit)
     */
    public String evaluate(ObjectNode event, String destinationId, String destinationType) throws TemplateException {
        String raw;
        switch (kind) {
            case CONSTANT:
                raw = constant;
                break;
            case GO:
                raw = goTemplate().execute(event).replace(GoTemplateValues.NO_VALUE, "null");
                break;
            default:
                raw = javaScript(event, destinationId, destinationType);
        }
        return normalize(raw);
    }

    /** Releases a JavaScript template's GraalJS context; it is created again if evaluated later. */
    public synchronized void close() {
        if (js != null) {
            js.close();
            js = null;
        }
    }

    private synchronized String javaScript(ObjectNode event, String destinationId, String destinationType)
            throws TemplateException {
        if (js == null) {
            js = new JsTableName(source, JsTableName.DEFAULT_TIMEOUT);
        }
        try {
            return js.evaluate(event, destinationId, destinationType);
        } catch (JsException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    private GoTemplate goTemplate() {
        if (go == null) {
            go = GoTemplate.parse(source); // parsed once before serialisation, so it parses again
        }
        return go;
    }

    private static String quote(String template) {
        return '"' + template.replace("\n", "\\n") + '"';
    }

    @Override
    public String toString() {
        return kind + " " + quote(source);
    }

    /**
     * SPEC §5's rule for any table name an event yields (a template's result, or a row's
     * {@code JITSU_TABLE_NAME}): trimmed, lower-cased, every character outside {@code [a-z0-9]} made
     * {@code _}; null (skip the event) when that is {@code ""}, {@code null} or {@code false}.
     */
    public static String normalize(String raw) {
        String name = ColumnNames.reformat(raw.strip());
        return name.isEmpty() || name.equals("null") || name.equals("false") ? null : name;
    }
}
