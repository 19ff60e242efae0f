package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A destination's {@code data_layout.transform} (SPEC §7, Jitsu's JS transform): a function body
 * that sees the event as {@code $} (alias {@code _}) and {@code destinationId},
 * {@code destinationType}, {@code TABLE_NAME}, and returns the rows to load.
 *
 * <p>The event enters JavaScript as JSON, so the script sees JavaScript numbers (doubles, as in
 * Jitsu's Node runtime): an integer beyond 2^53 loses digits and {@code 1.0} becomes {@code 1}.
 * Two things keep the event's exact numbers where the script did not change them: {@code return $}
 * (or {@code _}) is the identity and does not run JavaScript at all, and in every returned row a
 * number equal to the one at the same path of the event keeps the event's JSON form.
 *
 * <p>One instance per subtask and destination; calls are serialised. The GraalJS context is
 * created on the first call that needs it, so an identity transform never needs GraalJS.
 */
public final class JsTransform implements AutoCloseable {

    /** The key naming a row's table; the JavaScript constant {@code TABLE_NAME}. */
    public static final String TABLE_NAME_KEY = "JITSU_TABLE_NAME";

    private static final String NAME = "transform";
    private static final List<String> PARAMETERS = List.of("$", "_", "destinationId", "destinationType", "TABLE_NAME");
    private static final Pattern IDENTITY = Pattern.compile("\\s*return\\s+[$_]\\s*;?\\s*");
    /** Marks an adapter result that is a wrong-result message instead of rows. */
    private static final String WRONG_RESULT = "!";
    /**
     * Calls the user's function on the parsed event and returns the rows as a JSON array, or
     * {@code "!"} and what was wrong with the result.
     */
    private static final String ADAPTER = String.join("\n",
            "(function (transform) {",
            "  function describe(v) {",
            "    if (v === null) return 'null';",
            "    if (Array.isArray(v)) return 'an array';",
            "    switch (typeof v) {",
            "      case 'string': return 'a string ' + JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);",
            "      case 'number': case 'bigint': case 'boolean': return 'a ' + typeof v + ' (' + String(v) + ')';",
            "      default: return 'a ' + typeof v;",
            "    }",
            "  }",
            "  return function (json, destinationId, destinationType) {",
            "    const $ = JSON.parse(json);",
            "    const result = transform($, $, destinationId, destinationType, '" + TABLE_NAME_KEY + "');",
            "    if (result === null || result === undefined) return '[]';",
            "    if (Array.isArray(result)) {",
            "      const rows = [];",
            "      for (let i = 0; i < result.length; i++) {",
            "        const row = result[i];",
            "        if (row === null || row === undefined || row === false) continue;",
            "        if (typeof row !== 'object' || Array.isArray(row)) {",
            "          return '" + WRONG_RESULT + "element ' + i + ' of the returned array is ' + describe(row)",
            "              + ': expected an object (null, undefined or false drop the element)';",
            "        }",
            "        rows.push(row);",
            "      }",
            "      return JSON.stringify(rows);",
            "    }",
            "    if (typeof result === 'object') return '[' + JSON.stringify(result) + ']';",
            "    return '" + WRONG_RESULT + "returned ' + describe(result) + ': expected an object, an array of"
                    + " objects, or null/undefined to skip the event';",
            "  };",
            "})");

    private final String script;
    private final Duration timeout;
    private final boolean identity;
    private JsRuntime runtime;

    /**
     * @param script the function body as configured (it is not checked here: see {@link #checkSyntax})
     * @param timeout the time limit of one call
     */
    public JsTransform(String script, Duration timeout) {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("transform: the script is empty");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("transform: the time limit must be positive, was " + timeout);
        }
        this.script = script;
        this.timeout = timeout;
        this.identity = isIdentity(script);
    }

    /** True for {@code return $} / {@code return _}: rows are the event itself, JavaScript is not run. */
    public static boolean isIdentity(String script) {
        return script != null && IDENTITY.matcher(script).matches();
    }

    /**
     * Refuses a script that does not parse, before the first event (start-up).
     *
     * @throws IllegalArgumentException with the JavaScript syntax error and its line in the script
     * @throws IllegalStateException when GraalJS is not on the class path
     */
    public static void checkSyntax(String script) {
        if (isIdentity(script)) {
            return;
        }
        JsSupport.requireAvailable("the JavaScript transform");
        try {
            JsRuntime.checkSyntax(NAME, PARAMETERS, script);
        } catch (JsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The rows of one event; empty when the transform skips it. The event is not modified, except
     * that the identity transform returns the event itself as its one row. Rows keep whatever
     * {@code eventn_ctx_event_id}/{@code _timestamp} the script left: the caller resets them.
     *
     * @throws TransformException naming what the script threw (and the line), what it returned
     *     instead of rows, or that it ran past the time limit
     */
    public synchronized List<ObjectNode> apply(ObjectNode event, String destinationId, String destinationType)
            throws TransformException {
        if (identity) {
            return List.of(event);
        }
        String result;
        try {
            result = runtime().call(Events.toJson(event), destinationId, destinationType);
        } catch (JsException e) {
            throw new TransformException(e.getMessage(), e.timedOut());
        }
        if (result == null) {
            throw new TransformException("transform: the script's result could not be read");
        }
        if (result.startsWith(WRONG_RESULT)) {
            throw new TransformException("transform " + result.substring(WRONG_RESULT.length()));
        }
        return rows(event, result);
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    private JsRuntime runtime() {
        if (runtime == null) {
            JsSupport.requireAvailable("the JavaScript transform");
            runtime = new JsRuntime(NAME, PARAMETERS, script, ADAPTER, timeout);
        }
        return runtime;
    }

    private static List<ObjectNode> rows(ObjectNode event, String json) throws TransformException {
        JsonNode array;
        try {
            array = Events.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new TransformException("transform: the result is not JSON: " + e.getOriginalMessage());
        }
        List<ObjectNode> rows = new ArrayList<>(array.size());
        for (JsonNode row : array) {
            // an object whose toJSON() returns something else
            if (!(row instanceof ObjectNode)) {
                throw new TransformException("transform returned an object that serialises to a JSON "
                        + Events.kindOf(row) + ", not to an object");
            }
            NumberForms.restore(event, (ObjectNode) row);
            rows.add((ObjectNode) row);
        }
        return rows;
    }
}
