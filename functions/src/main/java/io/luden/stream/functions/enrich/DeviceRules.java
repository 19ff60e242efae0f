package io.luden.stream.functions.enrich;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * uap-core's {@code device_parsers} with brand and model: uap-java's {@code Device} keeps only the
 * family, while Jitsu (uap-go) also reports {@code device_brand} and {@code device_model}. Reads the
 * same {@code regexes.yaml} that uap-java bundles, so all three parsers use one rule set.
 * Immutable and thread-safe once built.
 */
final class DeviceRules {

    /** The uap-core rules inside the uap-java JAR. */
    static final String RESOURCE = "/ua_parser/regexes.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d)");

    /** One parsed device; a null part is absent. */
    static final class Device {
        final String family;
        final String brand;
        final String model;

        Device(String family, String brand, String model) {
            this.family = family;
            this.brand = brand;
            this.model = model;
        }
    }

    static final Device OTHER = new Device("Other", null, null);

    private static final class Rule {
        final Pattern pattern;
        final String family;
        final String brand;
        final String model;

        Rule(Pattern pattern, String family, String brand, String model) {
            this.pattern = pattern;
            this.family = family;
            this.brand = brand;
            this.model = model;
        }
    }

    private final List<Rule> rules;

    private DeviceRules(List<Rule> rules) {
        this.rules = rules;
    }

    @SuppressWarnings("unchecked")
    static DeviceRules load() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(ua_parser.Parser.CODE_POINT_LIMIT);
        try (InputStream in = DeviceRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("uap-core rules " + RESOURCE + " not on the class path");
            }
            Map<String, Object> root = new Yaml(options).load(in);
            List<Map<String, String>> parsers = (List<Map<String, String>>) root.get("device_parsers");
            List<Rule> rules = new ArrayList<>(parsers.size());
            for (Map<String, String> p : parsers) {
                int flags = "i".equals(p.get("regex_flag")) ? Pattern.CASE_INSENSITIVE : 0;
                rules.add(new Rule(Pattern.compile(p.get("regex"), flags),
                        p.get("device_replacement"), p.get("brand_replacement"), p.get("model_replacement")));
            }
            return new DeviceRules(List.copyOf(rules));
        } catch (IOException e) {
            throw new UncheckedIOException("reading uap-core rules " + RESOURCE, e);
        }
    }

    /** uap-core semantics: the first matching rule wins; family and model default to group 1, brand to nothing. */
    Device parse(String agent) {
        for (Rule rule : rules) {
            Matcher m = rule.pattern.matcher(agent);
            if (!m.find()) {
                continue;
            }
            String family = rule.family != null ? replace(rule.family, m) : group(m, 1);
            String brand = rule.brand != null ? replace(rule.brand, m) : null;
            String model = rule.model != null ? replace(rule.model, m) : group(m, 1);
            return new Device(family == null ? "Other" : family, brand, model);
        }
        return OTHER;
    }

    /** Replaces {@code $1..$9} with the groups (missing ones with ""), trims; empty → null. */
    private static String replace(String template, Matcher m) {
        Matcher ph = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (ph.find()) {
            String g = group(m, Integer.parseInt(ph.group(1)));
            ph.appendReplacement(out, Matcher.quoteReplacement(g == null ? "" : g));
        }
        ph.appendTail(out);
        return blankToNull(out.toString());
    }

    private static String group(Matcher m, int index) {
        return index <= m.groupCount() ? blankToNull(m.group(index)) : null;
    }

    private static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
