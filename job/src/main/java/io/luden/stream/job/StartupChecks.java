package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.ConfigLoader;
import io.luden.stream.config.DataLayout;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.enrich.IpLookup;
import io.luden.stream.functions.enrich.LookupEnrichment;
import io.luden.stream.functions.js.JsTransform;
import io.luden.stream.functions.mapping.FieldMapper;
import io.luden.stream.functions.template.TableNameTemplate;

import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the configuration and checks what needs the pipeline's own code — table name templates,
 * JavaScript, mapping rules, enrichment rules, the MaxMind file — so that a misconfiguration is
 * refused at start-up, never at the first event.
 */
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
            verify("geo.maxmind_path", () -> IpLookup.check(config.maxmindPath()));
        }
        for (DestinationConfig d : config.destinations().values()) {
            String key = "destinations." + d.id();
            DataLayout layout = d.dataLayout();
            verify(key + ".data_layout.table_name_template", () -> {
                try {
                    TableNameTemplate.parse(layout.tableNameTemplate()).close();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("'" + layout.tableNameTemplate() + "': " + e.getMessage(), e);
                }
            });
            if (layout.transform() != null) {
                verify(key + ".data_layout.transform", () -> JsTransform.checkSyntax(layout.transform()));
            }
            if (layout.mappings() != null) {
                verify(key + ".data_layout.mappings", () -> new FieldMapper(layout.mappings()));
            }
            verify(key + ".enrichment", () -> LookupEnrichment.checkRules(d.enrichment()));
        }
        return config;
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void verify(String key, Check check) throws ConfigException {
        try {
            check.run();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new ConfigException(message.startsWith(key) ? message : key + ": " + message);
        }
    }
}
