package io.luden.stream.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of the YAML tree together with its key path ({@code destinations.pg_main.datasource.port}),
 * so every check can say where the offending value is. Absent keys and YAML nulls are both "absent".
 * String values have their {@code ${env:NAME}} references replaced when they are read, so a variable
 * is only needed by keys that are actually used.
 */
final class YamlNode {
    private final JsonNode node;
    private final String path;
    private final Map<String, String> env;

    private YamlNode(JsonNode node, String path, Map<String, String> env) {
        this.node = node == null || node.isNull() || node.isMissingNode() ? null : node;
        this.path = path;
        this.env = env;
    }

    static YamlNode root(JsonNode node, Map<String, String> env) {
        return new YamlNode(node, "", env);
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return node != null;
    }

    boolean isMap() {
        return node != null && node.isObject();
    }

    /** The child under {@code key}; absent if this is absent. Call {@link #keys()} first to check this is a map. */
    YamlNode get(String key) {
        return new YamlNode(node == null ? null : node.get(key), childPath(key), env);
    }

    /** The child under {@code key}, which must be present. */
    YamlNode require(String key) throws ConfigException {
        YamlNode child = get(key);
        if (!child.isPresent()) {
            if (node != null && node.has(key)) {
                throw child.error("a value is required");
            }
            throw new ConfigException((path.isEmpty() ? "" : path + ": ") + "missing required key '" + key + "'");
        }
        return child;
    }

    /** Keys of a map in the order of the file; none when absent. */
    List<String> keys() throws ConfigException {
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw error("expected a map, got " + describe());
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Items of a list; none when absent. */
    List<YamlNode> items() throws ConfigException {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected a list, got " + describe());
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new YamlNode(node.get(i), path + "[" + i + "]", env));
        }
        return items;
    }

    /**
     * A scalar as text, env references replaced. Numbers and booleans are accepted as their text,
     * as Jitsu's config reader did (a token id or password may well be all digits).
     */
    String text() throws ConfigException {
        if (node == null) {
            throw error("a value is required");
        }
        if (!node.isValueNode()) {
            throw error("expected a string, got " + describe());
        }
        return EnvReferences.substitute(node.asText(), env, path);
    }

    String text(String defaultValue) throws ConfigException {
        return node == null ? defaultValue : text();
    }

    /** An integer, or a string of digits (Jitsu accepted {@code port: "5432"}). */
    int integer() throws ConfigException {
        if (node != null && node.isIntegralNumber()) {
            if (!node.canConvertToInt()) {
                throw error("expected an integer, got " + describe() + " (too large)");
            }
            return node.intValue();
        }
        if (node != null && node.isTextual()) {
            String t = text().trim();
            if (t.matches("[+-]?\\d+")) {
                try {
                    return Integer.parseInt(t);
                } catch (NumberFormatException tooLarge) {
                    throw error("expected an integer, got \"" + t + "\" (too large)");
                }
            }
            throw error("expected an integer, got \"" + t + "\"");
        }
        throw error("expected an integer, got " + describe());
    }

    boolean bool() throws ConfigException {
        if (node != null && node.isBoolean()) {
            return node.booleanValue();
        }
        if (node != null && node.isTextual()) {
            String t = text().trim();
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            throw error("expected true or false, got \"" + t + "\"");
        }
        throw error("expected true or false, got " + describe());
    }

    /** A Go-style duration with a unit, greater than zero. */
    Duration duration() throws ConfigException {
        if (node == null || !node.isTextual()) {
            throw error("expected a duration with a unit such as " + Durations.EXAMPLES + ", got " + describe());
        }
        String t = text();
        Duration d = Durations.parse(t).orElseThrow(() ->
                error("expected a duration with a unit such as " + Durations.EXAMPLES + ", got \"" + t + "\""));
        if (d.isZero()) {
            throw error("must be greater than zero, got \"" + t + "\"");
        }
        return d;
    }

    /** A list of scalars as text; empty when absent. */
    List<String> textList() throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            out.add(item.text());
        }
        return out;
    }

    /** A map of scalars as text (YAML numbers and booleans stringified); empty when absent. */
    Map<String, String> textMap() throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys()) {
            out.put(key, get(key).text());
        }
        return out;
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
        if (node == null) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.asText();
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
