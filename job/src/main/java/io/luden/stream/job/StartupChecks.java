package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.ConfigLoader;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.template.TableNameTemplate;

import java.nio.file.Path;
import java.util.Map;

/** Loads the configuration and checks what needs the pipeline's own code (table name templates). */
public final class StartupChecks {
    private StartupChecks() {}

    public static LudenConfig load(Path file) throws ConfigException {
        return check(ConfigLoader.load(file));
    }

    /** With an explicit environment (for {@code ${env:…}}) and base directory for relative paths. */
    public static LudenConfig load(Path file, Map<String, String> env, Path baseDir) throws ConfigException {
        return check(ConfigLoader.load(file, env, baseDir));
    }

    private static LudenConfig check(LudenConfig config) throws ConfigException {
        if (config.maxmindPath() != null) {
            throw new ConfigException("geo: ip_lookup is being integrated and not supported yet in this build");
        }
        for (DestinationConfig d : config.destinations().values()) {
            String dk = "destinations." + d.id();
            if (d.dataLayout().transform() != null || d.dataLayout().mappings() != null || !d.enrichment().isEmpty()) {
                throw new ConfigException(dk + ": transform, mappings and enrichment are being integrated and"
                        + " not supported yet in this build");
            }
            String key = "destinations." + d.id() + ".data_layout.table_name_template";
            TableNameTemplate template;
            try {
                template = TableNameTemplate.parse(d.dataLayout().tableNameTemplate());
            } catch (Exception e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
            if (template.kind() == TableNameTemplate.Kind.JAVASCRIPT) {
                throw new ConfigException(key + ": a JavaScript table_name_template is not supported yet"
                        + " (use a constant or a Go template such as {{.event_type}})");
            }
        }
        return config;
    }
}
