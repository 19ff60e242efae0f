package io.luden.stream.config;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.luden.stream.config.YamlTree.Scalar;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value of the {@link YamlTree} together with its key path ({@code destinations.pg_main.datasource.port}),
 * so every check can say where the offending value is. Absent keys and YAML nulls are both "absent".
 * String values have their {@code ${env:NAME}} references replaced when they are read, so a variable
 * is only needed by keys that are actually used.
 */
final class YamlNode {
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    private final Object value;
    private final String path;
    private final Map<String, String> env;

    private YamlNode(Object value, String path, Map<String, String> env) {
        this.value = value;
        this.path = path;
        this.env = env;
    }

    static YamlNode root(Object tree, Map<String, String> env) {
        return new YamlNode(tree, "", env);
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return value != null;
    }

    boolean isMap() {
        return value instanceof Map;
    }

    /** The child under {@code key}; absent if this is absent. Call {@link #keys()} first to check this is a map. */
    YamlNode get(String key) {
        Object child = value instanceof Map<?, ?> m ? m.get(key) : null;
        return new YamlNode(child, path.isEmpty() ? key : path + "." + key, env);
    }

    /** The child under {@code key}, which must be present. */
    YamlNode require(String key) throws ConfigException {
        YamlNode child = get(key);
        if (!child.isPresent()) {
            if (value instanceof Map<?, ?> m && m.containsKey(key)) {
                throw child.error("a value is required");
            }
            throw new ConfigException((path.isEmpty() ? "" : path + ": ") + "missing required key '" + key + "'");
        }
        return child;
    }

    /** Keys of a map in the order of the file; none when absent. */
    List<String> keys() throws ConfigException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw error("expected a map, got " + describe());
        }
        List<String> keys = new ArrayList<>();
        m.keySet().forEach(k -> keys.add((String) k));
        return keys;
    }

    /** Items of a list; none when absent. */
    List<YamlNode> items() throws ConfigException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error("expected a list, got " + describe());
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            items.add(new YamlNode(list.get(i), path + "[" + i + "]", env));
        }
        return items;
    }

    /**
     * A scalar's text as written in the file, env references replaced. Numbers and booleans are
     * accepted too (a token or password may well be {@code 010}), as Jitsu's config reader did.
     */
    String text() throws ConfigException {
        if (!(value instanceof Scalar s)) {
            throw error(value == null ? "a value is required" : "expected a string, got " + describe());
        }
        return EnvReferences.substitute(s.raw(), env, path);
    }

    String text(String defaultValue) throws ConfigException {
        return value == null ? defaultValue : text();
    }

    /** An integer, or a string of digits (Jitsu accepted {@code port: "5432"}). */
    int integer() throws ConfigException {
        Object v = value instanceof Scalar s ? s.value() : null;
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            BigInteger big = new BigInteger(v.toString());
            if (big.bitLength() > 31) {
                throw error("expected an integer, got " + describe() + " (too large)");
            }
            return big.intValue();
        }
        if (v instanceof String) {
            String t = text().trim();
            if (t.matches("[+-]?\\d{1,9}")) {
                return Integer.parseInt(t);
            }
            throw error("expected an integer, got \"" + t + "\"");
        }
        throw error("expected an integer, got " + describe());
    }

    boolean bool() throws ConfigException {
        Object v = value instanceof Scalar s ? s.value() : null;
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String) {
            String t = text().trim();
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw error("expected true or false, got " + describe());
    }

    /** A Go-style duration with a unit, greater than zero. */
    Duration duration() throws ConfigException {
        Duration d = durationOrZero();
        if (d.isZero()) {
            throw error("must be greater than zero, got \"" + text() + "\"");
        }
        return d;
    }

    /** A Go-style duration with a unit, zero allowed. */
    Duration durationOrZero() throws ConfigException {
        if (!(value instanceof Scalar s) || !(s.value() instanceof String)) {
            throw error("expected a duration with a unit such as " + Durations.EXAMPLES + ", got " + describe());
        }
        String t = text();
        return Durations.parse(t).orElseThrow(() ->
                error("expected a duration with a unit such as " + Durations.EXAMPLES + ", got \"" + t + "\""));
    }

    /** A list of scalars as text; empty when absent. */
    List<String> textList() throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            out.add(item.text());
        }
        return out;
    }

    /** A map of scalars as text (YAML numbers and booleans as written); empty when absent. */
    Map<String, String> textMap() throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys()) {
            out.put(key, get(key).text());
        }
        return out;
    }

    /**
     * Any value as JSON text ({@code null} when absent): a number stays a number as written
     * ({@code 1.50}), a quoted or plain string a string with env references replaced, maps and
     * lists recursively.
     */
    String json() throws ConfigException {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        appendJson(out);
        return out.toString();
    }

    private void appendJson(StringBuilder out) throws ConfigException {
        if (value instanceof Map) {
            out.append('{');
            String sep = "";
            for (String key : keys()) {
                out.append(sep).append('"').append(JsonStringEncoder.getInstance().quoteAsString(key)).append("\":");
                YamlNode child = get(key);
                if (child.isPresent()) {
                    child.appendJson(out);
                } else {
                    out.append("null");
                }
                sep = ",";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (YamlNode item : items()) {
                out.append(sep);
                if (item.isPresent()) {
                    item.appendJson(out);
                } else {
                    out.append("null");
                }
                sep = ",";
            }
            out.append(']');
        } else {
            Scalar s = (Scalar) value;
            if (s.value() instanceof Boolean b) {
                out.append(b);
            } else if (s.value() instanceof Number n) {
                out.append(jsonNumber(s.raw().trim(), n));
            } else {
                out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text())).append('"');
            }
        }
    }

    /** The number as written when JSON can say it that way ({@code 1.50}, {@code 1e3}), else its value ({@code +12} → 12). */
    private static String jsonNumber(String raw, Number n) {
        return JSON_NUMBER.matcher(raw).matches() ? raw : n.toString();
    }

    /** A file-system path, resolved against {@code baseDir} when relative, absolute and normalised. */
    String resolvedPath(Path baseDir, String defaultValue) throws ConfigException {
        String t = text(defaultValue);
        if (t.isBlank()) {
            throw error("expected a path, got an empty string");
        }
        try {
            return baseDir.resolve(t).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw error("not a valid path: \"" + t + "\" (" + e.getReason() + ")");
        }
    }

    ConfigException error(String problem) {
        return new ConfigException((path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** How a value looks in an error message: strings quoted, numbers as written, containers by kind. */
    String describe() {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        Scalar s = (Scalar) value;
        return s.value() instanceof String ? "\"" + s.raw() + "\"" : s.raw();
    }
}
