package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code destinations:} section: Jitsu's destination YAML, reduced to what stream mode uses. */
final class DestinationParser {
    private static final SectionKeys DESTINATION = SectionKeys
            .reads("type", "mode", "only_tokens", "datasource", "config", "data_layout", "enrichment", "batch")
            .ignores("staged", "Luden Stream has no dry-run API; a staged destination is loaded like any other.")
            .ignores("caching", "there is no event cache; watch the destination's metrics in the Flink web UI.")
            .ignores("streaming_threads_count", "one Flink subtask loads each destination, to keep its events"
                    + " in order; raise the job parallelism to load more destinations at once.")
            .ignores("break_on_error", "it applied to batch uploads only; a failing event goes to the failed"
                    + " files and loading goes on.")
            .ignores("log", "per-destination DDL and query log files are not written.")
            .ignores("post_handle_destinations", "post-handle destinations ran after batch uploads, which"
                    + " stream mode does not have.")
            .ignores("geo_data_resolver_id", "geo resolvers were managed by Jitsu's configurator; ip_lookup"
                    + " uses the MaxMind database in geo.maxmind_path for every destination.")
            .refuses("geo", "geo is a top-level section, not a destination key: set geo.maxmind_path at the top"
                    + " of the file")
            .notYet("users_recognition", "users recognition");

    private final Path baseDir;
    private final List<String> warnings;
    /** Ids and secrets of api_keys; empty when the file has none (tokens then come from file names). */
    private final Set<String> tokens;
    /** Whether geo.maxmind_path is set, without which an ip_lookup rule sets nothing. */
    private final boolean geoConfigured;

    DestinationParser(Path baseDir, List<String> warnings, Set<String> tokens, boolean geoConfigured) {
        this.baseDir = baseDir;
        this.warnings = warnings;
        this.tokens = tokens;
        this.geoConfigured = geoConfigured;
    }

    Map<String, DestinationConfig> parseAll(YamlNode section) throws ConfigException {
        if (section.isPresent() && !section.isMap()) {
            throw section.error("expected a map of destination id to destination, got " + section.describe());
        }
        Map<String, DestinationConfig> out = new LinkedHashMap<>();
        for (String id : section.keys()) {
            out.put(id, parse(id, section.get(id)));
        }
        if (out.isEmpty()) {
            throw section.error("at least one destination is required");
        }
        return out;
    }

    private DestinationConfig parse(String id, YamlNode d) throws ConfigException {
        checkId(id, d);
        DESTINATION.check(d, warnings);
        YamlNode typeNode = d.require("type");
        String type = typeNode.text().trim();
        DestinationTypes.check(typeNode, type);
        boolean batchMode = batchMode(d.get("mode"));
        if (batchMode && "webhook".equals(type)) {
            throw d.get("mode").error("a webhook sends each event as it arrives (Jitsu: stream mode only); use mode: stream");
        }
        BatchSettings batch = batch(d.get("batch"), BatchSettings.defaultDelay(type, batchMode), BatchSettings.defaultMaxRows(type));
        YamlNode primaryKey = d.get("data_layout").get("primary_key_fields");
        if (type.equals("bigquery") && primaryKey.isPresent() && !primaryKey.textList().isEmpty()) {
            throw primaryKey.error("not supported by a bigquery destination: insertAll only appends (rows are"
                    + " de-duplicated by event id within BigQuery's window, never updated)");
        }
        return new DestinationConfig(id, type, onlyTokens(d.get("only_tokens")), datasource(type, d),
                DataLayoutParser.parse(d.get("data_layout"), warnings),
                EnrichmentParser.parse(d.get("enrichment"), geoConfigured, warnings), batch);
    }

    /** The id names files ({@code failed.dst=<id>...}) and folders, so it must be usable in one. */
    private static void checkId(String id, YamlNode d) throws ConfigException {
        if (id.isBlank() || id.contains("/") || id.contains("\\") || id.chars().anyMatch(Character::isISOControl)) {
            throw d.error("a destination id must be non-empty and may not contain '/', '\\' or control characters");
        }
    }

    /** Whether {@code mode} is Jitsu's {@code batch}: the same micro-batches with a longer default delay. */
    private static boolean batchMode(YamlNode mode) throws ConfigException {
        if (!mode.isPresent()) {
            return false;
        }
        String m = mode.text().trim();
        return switch (m) {
            case "stream" -> false;
            case "batch" -> true;
            default -> throw mode.error("'" + m + "' is not supported (expected stream or batch)");
        };
    }

    private static final SectionKeys BATCH = SectionKeys.reads("max_rows", "max_delay");

    /** {@code batch: {max_rows, max_delay}}; defaults per type and mode (BatchSettings). */
    private BatchSettings batch(YamlNode node, Duration defaultDelay, int defaultMaxRows) throws ConfigException {
        if (!node.isPresent()) {
            return new BatchSettings(defaultMaxRows, defaultDelay);
        }
        if (!node.isMap()) {
            throw node.error("expected a map with max_rows and/or max_delay, got " + node.describe());
        }
        BATCH.check(node, warnings);
        int maxRows = defaultMaxRows;
        YamlNode rows = node.get("max_rows");
        if (rows.isPresent()) {
            maxRows = rows.integer();
            if (maxRows < 1 || maxRows > BatchSettings.MAX_MAX_ROWS) {
                throw rows.error("must be between 1 (each event on its own) and " + BatchSettings.MAX_MAX_ROWS
                        + ", got " + maxRows);
            }
        }
        YamlNode delay = node.get("max_delay");
        return new BatchSettings(maxRows, delay.isPresent() ? delay.durationOrZero() : defaultDelay);
    }

    /** Null (every token) when absent or empty, as in Jitsu. */
    private List<String> onlyTokens(YamlNode node) throws ConfigException {
        List<String> list = node.textList();
        if (list.isEmpty()) {
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!tokens.isEmpty() && !tokens.contains(list.get(i))) {
                // Not an error: a token may come only from spool file names (tok=<id>), not from api_keys.
                warnings.add(node.path() + "[" + i + "]: '" + list.get(i) + "' is no id or secret in api_keys;"
                        + " only events of spool files named tok=" + list.get(i) + " will reach this destination.");
            }
        }
        return list;
    }

    private ConnectionSettings datasource(String type, YamlNode d) throws ConfigException {
        YamlNode datasource = d.get("datasource");
        YamlNode config = d.get("config");
        if (datasource.isPresent() && config.isPresent()) {
            throw d.error("both 'datasource' and 'config' are set; they are the same section (config is"
                    + " Jitsu's name for it), keep one");
        }
        YamlNode section = config.isPresent() ? config : datasource;
        if (!section.isPresent() && !"duckdb".equals(type)) {
            throw d.error("missing required key 'datasource' (or Jitsu's 'config')");
        }
        return DatasourceParser.parse(type, section, baseDir, warnings);
    }
}
