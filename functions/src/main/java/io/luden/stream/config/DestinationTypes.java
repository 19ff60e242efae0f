package io.luden.stream.config;

import java.util.Set;
import java.util.TreeSet;

/** Which {@code destinations.X.type} values a configuration may use now, and which come later. */
final class DestinationTypes {
    /**
     * Types with a dialect in this release. A constant rather than {@code Dialects.types()}: the
     * dialects are found through ServiceLoader and the config must be checkable without them on the
     * class path (and the answer must not change with the class path of a test).
     */
    static final Set<String> SUPPORTED = new TreeSet<>(Set.of("bigquery", "clickhouse", "duckdb", "guinsoo", "h2", "mysql",
            "postgres", "redshift", "s3", "snowflake", "webhook"));

    /** Jitsu 1.x and Luden destination types that are planned but not built yet. */
    static final Set<String> LATER = new TreeSet<>(Set.of(
            "gcs",
            "google_analytics", "facebook", "amplitude", "hubspot", "mixpanel", "npm", "tag",
            "dbtcloud"));

    private DestinationTypes() {}

    static void check(YamlNode typeNode, String type) throws ConfigException {
        if (SUPPORTED.contains(type)) {
            return;
        }
        String supported = " (supported: " + String.join(", ", SUPPORTED) + ")";
        if (LATER.contains(type)) {
            throw typeNode.error("'" + type + "' is not supported yet" + supported);
        }
        Set<String> known = new TreeSet<>(SUPPORTED);
        known.addAll(LATER);
        String hint = NearMiss.closest(type, known).map(t -> "; did you mean '" + t + "'?").orElse("");
        throw typeNode.error("unknown destination type '" + type + "'" + supported + hint);
    }
}
