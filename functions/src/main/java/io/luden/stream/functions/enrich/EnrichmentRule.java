package io.luden.stream.functions.enrich;

import java.io.Serializable;
import java.util.Objects;

/**
 * One lookup-enrichment rule (SPEC §6): {@code {name: ip_lookup|user_agent_parse, from: /path,
 * to: /path}}. Paths are JSON-pointer-like ({@code /eventn_ctx/location}) and may list alternatives
 * with {@code ||}.
 */
public final class EnrichmentRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String IP_LOOKUP = "ip_lookup";
    public static final String USER_AGENT_PARSE = "user_agent_parse";

    private final String name;
    private final String from;
    private final String to;

    public EnrichmentRule(String name, String from, String to) {
        this.name = Objects.requireNonNull(name, "name");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    public String name() { return name; }
    public String from() { return from; }
    public String to() { return to; }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrichmentRule && name.equals(((EnrichmentRule) o).name)
                && from.equals(((EnrichmentRule) o).from) && to.equals(((EnrichmentRule) o).to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, from, to);
    }

    @Override
    public String toString() {
        return name + " " + from + " -> " + to;
    }
}
