package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code type: snowflake} destination's {@code config:} / {@code datasource:} block, with Jitsu's keys
 * ({@code account, port, db, schema, username, password, warehouse, parameters, stage, s3, gcs}) and
 * three of Luden's: {@code host} (a private-link or test endpoint instead of
 * {@code <account>.snowflakecomputing.com}), {@code role}, {@code private_key_file} (key-pair login).
 * The account, warehouse, role and key file become snowflake-jdbc connection properties beside the
 * {@code parameters}.
 */
final class SnowflakeDatasource {
    static final int DEFAULT_PORT = 443;
    static final String DEFAULT_SCHEMA = "PUBLIC";

    private static final String STAGED = "a stage is Jitsu's batch-mode bulk load (PUT + COPY INTO); in stream mode"
            + " Luden writes each batch by one MERGE and needs no stage.";
    private static final SectionKeys KEYS = SectionKeys
            .reads("account", "host", "port", "db", "schema", "username", "password", "warehouse", "role",
                    "private_key_file", "parameters")
            .ignores("stage", STAGED)
            .ignores("s3", STAGED)
            .ignores("gcs", STAGED)
            .ignores("google", STAGED);

    private SnowflakeDatasource() {}

    static ConnectionSettings parse(YamlNode ds, List<String> warnings) throws ConfigException {
        KEYS.check(ds, warnings);
        YamlNode port = ds.get("port");
        int portNumber = port.isPresent() ? port.integer() : DEFAULT_PORT;
        if (portNumber < 1 || portNumber > 65535) {
            throw port.error("expected a port between 1 and 65535, got " + portNumber);
        }
        Map<String, String> parameters = new TreeMap<>(ds.get("parameters").textMap());
        parameters.put("account", nonBlank(ds.require("account")));
        parameters.put("warehouse", nonBlank(ds.require("warehouse")));
        if (ds.get("role").isPresent()) {
            parameters.put("role", nonBlank(ds.get("role")));
        }
        String password = ds.get("password").text(null);
        if (ds.get("private_key_file").isPresent()) {
            parameters.put("private_key_file", nonBlank(ds.get("private_key_file")));
            parameters.put("authenticator", "SNOWFLAKE_JWT");
        } else if (password == null || password.isEmpty()) {
            throw ds.error("needs 'password' or 'private_key_file'");
        }
        String host = ds.get("host").isPresent() ? nonBlank(ds.get("host")) : null;
        return ConnectionSettings.builder("snowflake")
                .host(host)
                .port(portNumber)
                .db(nonBlank(ds.require("db")))
                .schema(ds.get("schema").isPresent() ? nonBlank(ds.get("schema")) : DEFAULT_SCHEMA)
                .username(nonBlank(ds.require("username")))
                .password(password)
                .parameters(parameters)
                .build();
    }

    private static String nonBlank(YamlNode node) throws ConfigException {
        String t = node.text();
        if (t.isBlank()) {
            throw node.error("must not be empty");
        }
        return t;
    }
}
