package io.luden.stream.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.sinks.ConnectionSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code type: bigquery} destination's {@code config:} / {@code datasource:} block with Jitsu's keys
 * ({@code bq_project}, {@code bq_dataset}, {@code key_file}; {@code gcs_bucket} is batch mode's) and Luden's
 * {@code host} (another endpoint: a test server, a private endpoint), {@code location} (of a dataset Luden
 * creates), {@code partition: {field, granularity}} (time partitioning of the tables it creates) and
 * {@code dedup_lookup} (look up a batch's event ids while a replay may be under way; default true).
 * The project goes to {@code db}, the dataset to {@code schema}, the key file (path or JSON) to
 * {@code password}, so it is never printed.
 */
final class BigQueryDatasource {
    /** Jitsu's dataset when {@code bq_dataset} is not set. */
    static final String DEFAULT_DATASET = "default";
    static final List<String> GRANULARITIES = List.of("HOUR", "DAY", "MONTH", "YEAR");

    private static final SectionKeys KEYS = SectionKeys
            .reads("bq_project", "bq_dataset", "key_file", "host", "location", "partition", "dedup_lookup")
            .ignores("gcs_bucket", "Jitsu used it only in batch mode, to load files from Cloud Storage; stream mode"
                    + " writes by insertAll");
    private static final SectionKeys PARTITION = SectionKeys.reads("field", "granularity");

    private BigQueryDatasource() {}

    static ConnectionSettings parse(YamlNode ds, Path baseDir, List<String> warnings) throws ConfigException {
        KEYS.check(ds, warnings);
        String project = nonBlank(ds.require("bq_project"));
        String dataset = ds.get("bq_dataset").isPresent() ? nonBlank(ds.get("bq_dataset")) : DEFAULT_DATASET;
        if (!dataset.matches("[A-Za-z0-9_]{1,1024}")) {
            throw ds.get("bq_dataset").error("a dataset name has only letters, digits and underscores, got '" + dataset + "'");
        }
        Map<String, String> parameters = new TreeMap<>();
        if (ds.get("location").isPresent()) {
            parameters.put("location", nonBlank(ds.get("location")));
        }
        if (ds.get("dedup_lookup").isPresent()) {
            parameters.put("dedup_lookup", String.valueOf(ds.get("dedup_lookup").bool()));
        }
        YamlNode partition = ds.get("partition");
        if (partition.isPresent()) {
            PARTITION.check(partition, warnings);
            parameters.put("partition_field", nonBlank(partition.require("field")));
            String granularity = partition.get("granularity").isPresent()
                    ? nonBlank(partition.get("granularity")).toUpperCase(Locale.ROOT) : "DAY";
            if (!GRANULARITIES.contains(granularity)) {
                throw partition.get("granularity").error("expected one of " + String.join(", ", GRANULARITIES)
                        + ", got '" + partition.get("granularity").text() + "'");
            }
            parameters.put("partition_granularity", granularity);
        }
        String host = null;
        if (ds.get("host").isPresent()) {
            host = nonBlank(ds.get("host"));
            if (!host.matches("https?://[^/\\s]+/?")) {
                throw ds.get("host").error("expected an endpoint such as https://bigquery.example.com, got '" + host + "'");
            }
            host = host.replaceAll("/$", "");
        }
        return ConnectionSettings.builder("bigquery")
                .host(host)
                .db(project)
                .schema(dataset)
                .password(keyFile(ds.get("key_file"), baseDir))
                .parameters(parameters)
                .build();
    }

    /** The key file's JSON as given, or its path made absolute; checked now, so a typo fails at start-up. */
    private static String keyFile(YamlNode node, Path baseDir) throws ConfigException {
        if (!node.isPresent()) {
            return null;
        }
        String value = nonBlank(node).strip();
        if (value.startsWith("{")) {
            JsonNode key;
            try {
                key = new ObjectMapper().readTree(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw node.error("looks like inline JSON but does not parse: " + e.getOriginalMessage());
            }
            if (!key.hasNonNull("type")) {
                throw node.error("is not a Google credentials JSON (it has no \"type\", e.g. service_account)");
            }
            return value;
        }
        Path path = baseDir.resolve(value).toAbsolutePath().normalize();
        if (!Files.isReadable(path)) {
            throw node.error("no readable key file at " + path);
        }
        return path.toString();
    }

    private static String nonBlank(YamlNode node) throws ConfigException {
        String t = node.text();
        if (t.isBlank()) {
            throw node.error("must not be empty");
        }
        return t;
    }
}
