package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jitsu's ClickHouse block: {@code dsns} (HTTP(S) URLs {@code http[s]://user:password@host:port/db}),
 * {@code db}, {@code cluster}, {@code engine} ({@code raw_statement}, {@code nullable_fields},
 * {@code partition_fields: [{function, field}]}, {@code order_fields}, {@code primary_keys}); Luden adds
 * {@code parameters} (ClickHouse JDBC / client properties, {@code clickhouse_setting_*} for settings).
 */
final class ClickHouseDatasource {
    static final int DEFAULT_HTTP_PORT = 8123;
    static final int DEFAULT_HTTPS_PORT = 8443;

    private static final SectionKeys KEYS = SectionKeys.reads("dsns", "db", "cluster", "engine", "parameters")
            .refuses("tls", "custom certificates are not read from the config; put the CA into the JVM trust store"
                    + " or set parameters: {sslrootcert: /path/ca.pem} and use an https:// DSN")
            .refuses("host", "ClickHouse takes dsns: [http://user:password@host:8123/db], as Jitsu");
    private static final SectionKeys ENGINE = SectionKeys.reads("raw_statement", "nullable_fields", "partition_fields",
            "order_fields", "primary_keys");

    private ClickHouseDatasource() {}

    static ConnectionSettings parse(YamlNode ds, List<String> warnings) throws ConfigException {
        KEYS.check(ds, warnings);
        YamlNode dsns = ds.require("dsns");
        List<YamlNode> items = dsns.items();
        if (items.isEmpty()) {
            throw dsns.error("needs at least one DSN, e.g. http://default:@localhost:8123/db");
        }
        if (items.size() > 1) {
            warnings.add(dsns.path() + ": only the first DSN is used (" + items.get(0).text()
                    .replaceAll("//[^@/]*@", "//***@") + "); ClickHouse replicates behind it");
        }
        YamlNode first = items.get(0);
        URI uri;
        try {
            uri = new URI(first.text().strip());
        } catch (URISyntaxException e) {
            throw first.error("not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw first.error("expected an http:// or https:// DSN (Luden speaks ClickHouse's HTTP interface),"
                    + " got scheme '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw first.error("has no host");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] up = uri.getRawUserInfo().split(":", 2);
            user = decode(up[0]);
            password = up.length > 1 ? decode(up[1]) : "";
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            warnings.add(first.path() + ": ignored: the DSN's query parameters (Go driver options);"
                    + " use parameters for the Java client");
        }
        String pathDb = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        YamlNode dbNode = ds.get("db");
        String db = dbNode.isPresent() ? dbNode.text().strip() : pathDb;
        if (db.isEmpty()) {
            throw (dbNode.isPresent() ? dbNode : ds).error(dbNode.isPresent() ? "must not be empty"
                    : "needs db (the ClickHouse database tables go to)");
        }
        Map<String, String> parameters = new LinkedHashMap<>(ds.get("parameters").textMap());
        if (tls) {
            parameters.put("tls", "true");
        }
        YamlNode cluster = ds.get("cluster");
        if (cluster.isPresent() && !cluster.text().isBlank()) {
            parameters.put("cluster", cluster.text().strip());
        }
        engine(ds.get("engine"), parameters, warnings);
        return ConnectionSettings.builder("clickhouse").host(uri.getHost()).port(port).db(db).schema(db)
                .username(user).password(password).parameters(parameters).build();
    }

    private static void engine(YamlNode engine, Map<String, String> parameters, List<String> warnings)
            throws ConfigException {
        if (!engine.isPresent()) {
            return;
        }
        ENGINE.check(engine, warnings);
        YamlNode raw = engine.get("raw_statement");
        if (raw.isPresent() && !raw.text().isBlank()) {
            parameters.put("engine.raw_statement", raw.text());
        }
        names(engine.get("nullable_fields"), "engine.nullable_fields", parameters);
        names(engine.get("order_fields"), "engine.order_fields", parameters);
        names(engine.get("primary_keys"), "engine.primary_keys", parameters);
        List<String> partitions = new ArrayList<>();
        for (YamlNode p : engine.get("partition_fields").items()) {
            String field = p.require("field").text().strip();
            checkName(p.get("field"), field);
            YamlNode function = p.get("function");
            String f = function.isPresent() ? function.text().strip() : "";
            if (!f.isEmpty() && !f.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw function.error("expected a function name such as toYYYYMM, got '" + f + "'");
            }
            partitions.add(f.isEmpty() ? field : f + ":" + field);
        }
        if (!partitions.isEmpty()) {
            parameters.put("engine.partition_fields", String.join(",", partitions));
        }
    }

    private static void names(YamlNode list, String parameter, Map<String, String> parameters) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (YamlNode item : list.items()) {
            String n = item.text().strip();
            checkName(item, n);
            names.add(n);
        }
        if (!names.isEmpty()) {
            parameters.put(parameter, String.join(",", names));
        }
    }

    /** Column names of the engine clause: Luden's column names (lower case, digits, '_'), which need no list syntax. */
    private static void checkName(YamlNode node, String name) throws ConfigException {
        if (name.isEmpty() || name.contains(",") || name.contains(":")) {
            throw node.error("expected a column name, got '" + name + "'");
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
