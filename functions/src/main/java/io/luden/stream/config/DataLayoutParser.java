package io.luden.stream.config;

import io.luden.stream.functions.mapping.Mappings;

import java.time.Duration;
import java.util.List;

/**
 * A destination's {@code data_layout:} (SPEC §5, §7): table name, keys, mappings or a JavaScript transform,
 * and the column limit per table.
 */
final class DataLayoutParser {
    /** Jitsu's {@code unique_id_field} default; the only value whose meaning this job has built in (SPEC §4). */
    static final String JITSU_UNIQUE_ID_FIELD = "/eventn_ctx/event_id||/eventn_ctx_event_id||/event_id";
    /** Jitsu's default transform: the same as none, and so allowed together with mappings. */
    static final String NO_OP_TRANSFORM = "return $";

    private static final SectionKeys DATA_LAYOUT = SectionKeys
            .reads("table_name_template", "primary_key_fields", "unique_id_field", "transform", "transform_enabled",
                    "transform_timeout", "mappings", "mapping", "mapping_type", "max_columns");

    private DataLayoutParser() {}

    static DataLayout parse(YamlNode layout, List<String> warnings) throws ConfigException {
        DATA_LAYOUT.check(layout, warnings);
        checkUniqueIdField(layout.get("unique_id_field"), warnings);

        YamlNode transformNode = layout.get("transform");
        String transform = transform(transformNode, layout.get("transform_enabled"));
        YamlNode timeout = layout.get("transform_timeout");
        Duration transformTimeout = timeout.isPresent() ? timeout.duration() : DataLayout.DEFAULT_TRANSFORM_TIMEOUT;

        YamlNode mappingsNode = layout.get("mappings");
        YamlNode legacyNode = layout.get("mapping");
        if (mappingsNode.isPresent() && legacyNode.isPresent()) {
            throw new ConfigException(mappingsNode.path() + " and " + legacyNode.path() + " are both set; mapping is"
                    + " Jitsu's deprecated form of mappings, keep one");
        }
        YamlNode mappingType = layout.get("mapping_type");
        if (mappingType.isPresent() && !legacyNode.isPresent()) {
            warnings.add(mappingType.path() + ": ignored: it applies to the deprecated data_layout.mapping list"
                    + " only; mappings has keep_unmapped.");
        }
        Mappings mappings = legacyNode.isPresent()
                ? MappingsParser.legacy(legacyNode, mappingType)
                : MappingsParser.mappings(mappingsNode, warnings);
        if (mappings != null && transform != null) {
            YamlNode used = legacyNode.isPresent() ? legacyNode : mappingsNode;
            throw new ConfigException(used.path() + " and " + transformNode.path() + " cannot be used together"
                    + " (SPEC §7): the transform can do what the mapping rules do; keep one, or set"
                    + " transform_enabled: false");
        }
        return new DataLayout(layout.get("table_name_template").text(null),
                layout.get("primary_key_fields").textList(), transform, transformTimeout, mappings,
                maxColumns(layout.get("max_columns")));
    }

    /** Jitsu only logged a warning when a table grew past it; here a row that would is refused (DATA). */
    private static int maxColumns(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return DataLayout.DEFAULT_MAX_COLUMNS;
        }
        int max = node.integer();
        if (max < 1) {
            throw node.error("must be at least 1, got " + max);
        }
        return max;
    }

    /** Null when none: absent, empty, Jitsu's no-op {@code return $}, or {@code transform_enabled: false}. */
    private static String transform(YamlNode transform, YamlNode enabled) throws ConfigException {
        if (enabled.isPresent() && !enabled.bool()) {
            return null;
        }
        String script = transform.text(null);
        if (script == null || script.isBlank() || script.strip().equals(NO_OP_TRANSFORM)) {
            return null;
        }
        return script;
    }

    private static void checkUniqueIdField(YamlNode uniqueId, List<String> warnings) throws ConfigException {
        if (!uniqueId.isPresent()) {
            return;
        }
        if (!JITSU_UNIQUE_ID_FIELD.equals(uniqueId.text().trim())) {
            throw uniqueId.error("a unique id field other than Jitsu's default (" + JITSU_UNIQUE_ID_FIELD
                    + ") is not supported");
        }
        warnings.add(uniqueId.path() + ": ignored: it is Jitsu's default, and the event id is always read"
                + " from /eventn_ctx/event_id, /eventn_ctx_event_id or /event_id.");
    }
}
