package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.JsonPath;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lookup enrichment (SPEC §6): the two always-on default rules, then the configured ones, in
 * order. {@code ip_lookup} merges the location into an existing target object without overwriting
 * its keys; {@code user_agent_parse} sets the parsed agent only where the target is absent. A
 * source that is not a string changes nothing. One instance per subtask; not thread-safe.
 */
public final class LookupEnrichment implements AutoCloseable {

    /** Jitsu's defaults, run before the configured rules. */
    public static final List<EnrichmentRule> DEFAULT_RULES = List.of(
            new EnrichmentRule(EnrichmentRule.IP_LOOKUP, "/source_ip", "/eventn_ctx/location||/location"),
            new EnrichmentRule(EnrichmentRule.USER_AGENT_PARSE,
                    "/eventn_ctx/user_agent||/user_agent", "/eventn_ctx/parsed_ua||/parsed_ua"));

    private interface Step {
        void apply(ObjectNode event);
    }

    private final List<Step> steps;
    private final IpLookup ipLookup;

    /**
     * @param configured the destination's {@code enrichment} rules (defaults are added here)
     * @param maxmindPathOrNull {@code geo.maxmind_path}; null: {@code ip_lookup} sets nothing
     * @throws IllegalArgumentException naming the rule or the database when either is invalid
     */
    public LookupEnrichment(List<EnrichmentRule> configured, String maxmindPathOrNull) {
        this(configured, maxmindPathOrNull == null ? null : IpLookup.open(maxmindPathOrNull),
                UserAgentParse.shared());
    }

    /** With given resolvers (tests: an own user-agent cache). Takes ownership of {@code ipLookup}. */
    LookupEnrichment(List<EnrichmentRule> configured, IpLookup ipLookup, UserAgentParse userAgents) {
        List<EnrichmentRule> all = new ArrayList<>(DEFAULT_RULES);
        all.addAll(configured == null ? List.of() : configured);
        List<Step> built = new ArrayList<>();
        try {
            for (EnrichmentRule rule : all) {
                built.add(step(rule, ipLookup, userAgents));
            }
        } catch (RuntimeException e) {
            if (ipLookup != null) {
                ipLookup.close();
            }
            throw e;
        }
        this.steps = List.copyOf(built);
        this.ipLookup = ipLookup;
    }

    /**
     * Validates configured rules at start-up: the name must be {@code ip_lookup} or
     * {@code user_agent_parse} (any case), {@code from}/{@code to} valid paths.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong
     */
    public static void checkRules(List<EnrichmentRule> rules) {
        if (rules == null) {
            return;
        }
        for (EnrichmentRule rule : rules) {
            step(rule, null, null);
        }
    }

    /** Runs every rule on {@code event}, in place. */
    public void apply(ObjectNode event) {
        for (Step step : steps) {
            step.apply(event);
        }
    }

    @Override
    public void close() {
        if (ipLookup != null) {
            ipLookup.close();
        }
    }

    /** Jitsu lower-cases a rule's name, from and to before using them. */
    private static Step step(EnrichmentRule rule, IpLookup ipLookup, UserAgentParse userAgents) {
        String name = rule.name().trim().toLowerCase(Locale.ROOT);
        JsonPath from = path(rule, "from", rule.from());
        JsonPath to = path(rule, "to", rule.to());
        switch (name) {
            case EnrichmentRule.IP_LOOKUP:
                return event -> lookupIp(event, from, to, ipLookup);
            case EnrichmentRule.USER_AGENT_PARSE:
                return event -> parseUserAgent(event, from, to, userAgents);
            default:
                throw new IllegalArgumentException("enrichment rule '" + rule + "': unknown name '" + rule.name()
                        + "', expected " + EnrichmentRule.IP_LOOKUP + " or " + EnrichmentRule.USER_AGENT_PARSE);
        }
    }

    private static JsonPath path(EnrichmentRule rule, String field, String text) {
        try {
            return JsonPath.parse(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("enrichment rule '" + rule + "': '" + field + "' "
                    + e.getMessage(), e);
        }
    }

    private static void lookupIp(ObjectNode event, JsonPath from, JsonPath to, IpLookup ipLookup) {
        if (ipLookup == null) {
            return;
        }
        JsonNode source = from.get(event);
        if (source == null || !source.isTextual()) {
            return;
        }
        ObjectNode location = ipLookup.lookup(source.asText());
        if (location == null) {
            return;
        }
        JsonNode existing = to.get(event);
        if (existing == null) {
            to.set(event, location, false);
        } else if (existing instanceof ObjectNode) {
            mergeAbsent((ObjectNode) existing, location);
        }
        // an existing value that is not an object (null, a string) stays, as in Jitsu's SetOrMergeIfExist
    }

    private static void parseUserAgent(ObjectNode event, JsonPath from, JsonPath to, UserAgentParse userAgents) {
        JsonNode source = from.get(event);
        if (source == null || !source.isTextual()) {
            return;
        }
        if (to.get(event) != null) {
            return; // set only if absent: a parsed_ua the client sent is kept as it is
        }
        ObjectNode parsed = userAgents.parse(source.asText());
        if (parsed != null) {
            to.set(event, parsed, false);
        }
    }

    private static void mergeAbsent(ObjectNode target, ObjectNode values) {
        Iterator<Map.Entry<String, JsonNode>> it = values.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue());
            }
        }
    }
}
