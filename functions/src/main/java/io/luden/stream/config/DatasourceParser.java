package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;

import java.nio.file.Path;
import java.util.List;

/** A destination's {@code datasource:} (Jitsu: {@code config:}) section, per warehouse type. */
final class DatasourceParser {
    static final int DEFAULT_POSTGRES_PORT = 5432;
    static final String DEFAULT_POSTGRES_SCHEMA = "public";
    static final String DEFAULT_DUCKDB_PATH = "data/warehouse.duckdb";
    static final String DEFAULT_DUCKDB_SCHEMA = "main";

    private static final SectionKeys POSTGRES = SectionKeys
            .reads("host", "port", "db", "schema", "username", "password", "parameters", "ssl");
    private static final SectionKeys DUCKDB = SectionKeys.reads("path", "schema");

    private DatasourceParser() {}

    /**
     * @param section the datasource map; absent means "all defaults" (only DuckDB allows that)
     */
    static ConnectionSettings parse(String type, YamlNode section, Path baseDir, List<String> warnings)
            throws ConfigException {
        return switch (type) {
            case "postgres" -> postgres(section, warnings);
            case "duckdb" -> duckdb(section, baseDir, warnings);
            case "snowflake" -> SnowflakeDatasource.parse(section, warnings);
            default -> throw section.error("no datasource reader for type '" + type + "'");
        };
    }

    private static ConnectionSettings postgres(YamlNode ds, List<String> warnings) throws ConfigException {
        POSTGRES.check(ds, warnings);
        if (ds.get("ssl").isPresent()) {
            // Jitsu's ssl block maps onto JDBC parameters; asking for them keeps one way to say it.
            throw ds.get("ssl").error("not supported; set the PostgreSQL JDBC parameters instead, e.g. "
                    + "parameters: {sslmode: verify-full, sslrootcert: /path/ca.pem}");
        }
        YamlNode port = ds.get("port");
        int portNumber = port.isPresent() ? port.integer() : DEFAULT_POSTGRES_PORT;
        if (portNumber < 1 || portNumber > 65535) {
            throw port.error("expected a port between 1 and 65535, got " + portNumber);
        }
        return ConnectionSettings.builder("postgres")
                .host(nonBlank(ds.require("host")))
                .port(portNumber)
                .db(nonBlank(ds.require("db")))
                .schema(nonBlank(ds.get("schema"), DEFAULT_POSTGRES_SCHEMA))
                .username(ds.get("username").text(null))
                .password(ds.get("password").text(null))
                .parameters(ds.get("parameters").textMap())
                .build();
    }

    private static ConnectionSettings duckdb(YamlNode ds, Path baseDir, List<String> warnings) throws ConfigException {
        DUCKDB.check(ds, warnings);
        return ConnectionSettings.builder("duckdb")
                .path(ds.get("path").resolvedPath(baseDir, DEFAULT_DUCKDB_PATH))
                .schema(nonBlank(ds.get("schema"), DEFAULT_DUCKDB_SCHEMA))
                .build();
    }

    private static String nonBlank(YamlNode node) throws ConfigException {
        String t = node.text();
        if (t.isBlank()) {
            throw node.error("must not be empty");
        }
        return t;
    }

    private static String nonBlank(YamlNode node, String defaultValue) throws ConfigException {
        return node.isPresent() ? nonBlank(node) : defaultValue;
    }
}
