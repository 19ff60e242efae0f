package io.luden.stream.config;

import io.luden.stream.functions.JsonPath;
import io.luden.stream.functions.mapping.MappingRule;
import io.luden.stream.functions.mapping.MappingRule.Action;
import io.luden.stream.functions.mapping.Mappings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code data_layout.mappings} (SPEC §7), and Jitsu's deprecated {@code data_layout.mapping} list
 * with {@code mapping_type}, converted to the same {@link Mappings}.
 */
final class MappingsParser {
    private static final SectionKeys MAPPINGS = SectionKeys.reads("keep_unmapped", "fields");
    private static final SectionKeys FIELD = SectionKeys.reads("src", "dst", "action", "type", "column_type", "value");
    private static final String ACTIONS = "move, remove, cast, constant";
    private MappingsParser() {}

    /** Null when absent or without fields: Jitsu maps nothing then, whatever keep_unmapped says. */
    static Mappings mappings(YamlNode section, List<String> warnings) throws ConfigException {
        if (!section.isPresent()) {
            return null;
        }
        MAPPINGS.check(section, warnings);
        YamlNode keep = section.get("keep_unmapped");
        boolean keepUnmapped = !keep.isPresent() || keep.bool();
        List<MappingRule> rules = new ArrayList<>();
        for (YamlNode item : section.get("fields").items()) {
            rules.add(rule(item, warnings));
        }
        if (rules.isEmpty()) {
            warnings.add(section.path() + ": ignored: it has no fields, so events are not mapped.");
            return null;
        }
        return new Mappings(keepUnmapped, rules);
    }

    private static MappingRule rule(YamlNode item, List<String> warnings) throws ConfigException {
        if (!item.isMap()) {
            throw item.error("expected a rule {src, dst, action, type, column_type, value}, got " + item.describe());
        }
        FIELD.check(item, warnings);
        YamlNode actionNode = item.require("action");
        String actionText = actionNode.text().trim().toLowerCase(Locale.ROOT);
        Action action = switch (actionText) {
            case "move" -> Action.MOVE;
            case "remove" -> Action.REMOVE;
            case "cast" -> Action.CAST;
            case "constant" -> Action.CONSTANT;
            default -> throw actionNode.error("'" + actionText + "' is not a mapping action (expected one of: "
                    + ACTIONS + ")");
        };
        String src = path(item, "src", action == Action.MOVE || action == Action.REMOVE, actionText);
        String dst = path(item, "dst", action != Action.REMOVE, actionText);
        String type = optional(item.get("type"));
        if (type == null && action == Action.CAST) {
            throw new ConfigException(item.path() + ": missing required key 'type' (action cast declares the SQL"
                    + " type of dst)");
        }
        YamlNode value = item.get("value");
        if (value.isPresent() && action != Action.CONSTANT) {
            warnings.add(value.path() + ": ignored: only action constant uses a value.");
        }
        // A constant without a value sets null, as in Jitsu.
        String valueJson = action == Action.CONSTANT ? (value.isPresent() ? value.json() : "null") : null;
        return new MappingRule(action, src, dst, type, optional(item.get("column_type")), valueJson);
    }

    private static String path(YamlNode item, String key, boolean required, String action) throws ConfigException {
        String p = optional(item.get(key));
        if (p == null) {
            if (required) {
                throw new ConfigException(item.path() + ": missing required key '" + key + "' (action " + action + ")");
            }
            return null;
        }
        checkPath(item.get(key), p);
        return p;
    }

    /** Jitsu's legacy list: {@code "/a -> /b"}, {@code "/a -> (integer) /b"}, {@code "/a ->"}. */
    static Mappings legacy(YamlNode list, YamlNode mappingType) throws ConfigException {
        boolean keepUnmapped = true;
        if (mappingType.isPresent()) {
            String t = mappingType.text().trim();
            switch (t) {
                case "strict" -> keepUnmapped = false;
                case "", "default" -> { }
                default -> throw mappingType.error("'" + t + "' is not a mapping type (expected strict, or default"
                        + " to keep unmapped fields)");
            }
        }
        List<MappingRule> rules = new ArrayList<>();
        for (YamlNode item : list.items()) {
            rules.add(legacyRule(item));
        }
        return rules.isEmpty() ? null : new Mappings(keepUnmapped, rules);
    }

    /** One legacy line, parsed by the mapping package's own parser; its error is reported at this item. */
    private static MappingRule legacyRule(YamlNode item) throws ConfigException {
        String text = item.text();
        try {
            return Mappings.fromLegacy(List.of(text), false).fields().get(0);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String prefix = "data_layout.mapping[0] ";
            throw item.error(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
    }

    private static void checkPath(YamlNode node, String path) throws ConfigException {
        try {
            JsonPath.parse(path);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static String optional(YamlNode node) throws ConfigException {
        String t = node.text(null);
        return t == null || t.isBlank() ? null : t.trim();
    }
}
