package io.luden.stream.config;

import io.luden.stream.functions.JsonPath;
import io.luden.stream.functions.enrich.EnrichmentRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A destination's {@code enrichment:} list (SPEC §6): {@code [{name, from, to}]}. As in Jitsu, name,
 * from and to are lower-cased; the two default rules are always on and are not listed here.
 */
final class EnrichmentParser {
    private static final List<String> NAMES = List.of(EnrichmentRule.IP_LOOKUP, EnrichmentRule.USER_AGENT_PARSE);
    private static final SectionKeys RULE = SectionKeys.reads("name", "from", "to");

    private EnrichmentParser() {}

    /**
     * @param geoConfigured whether {@code geo.maxmind_path} is set; without it an ip_lookup rule sets nothing
     */
    static List<EnrichmentRule> parse(YamlNode list, boolean geoConfigured, List<String> warnings)
            throws ConfigException {
        List<EnrichmentRule> rules = new ArrayList<>();
        for (YamlNode item : list.items()) {
            if (!item.isMap()) {
                throw item.error("expected a rule {name: ip_lookup|user_agent_parse, from: /path, to: /path}, got "
                        + item.describe());
            }
            RULE.check(item, warnings);
            YamlNode nameNode = item.require("name");
            String name = lower(nameNode);
            if (!NAMES.contains(name)) {
                throw nameNode.error("'" + name + "' is not a lookup enrichment (expected one of: "
                        + String.join(", ", NAMES) + ")");
            }
            if (name.equals(EnrichmentRule.IP_LOOKUP) && !geoConfigured) {
                warnings.add(item.path() + ": ip_lookup sets nothing without a MaxMind database; set"
                        + " geo.maxmind_path.");
            }
            rules.add(new EnrichmentRule(name, path(item.require("from")), path(item.require("to"))));
        }
        return rules;
    }

    private static String path(YamlNode node) throws ConfigException {
        String p = lower(node);
        try {
            JsonPath.parse(p);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return p;
    }

    private static String lower(YamlNode node) throws ConfigException {
        String t = node.text().trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            throw node.error("must not be empty");
        }
        return t;
    }
}
