package io.luden.stream.config;

import io.luden.stream.sinks.ConnectionSettings;

import java.nio.file.Path;
import java.util.List;

/** A destination's {@code datasource:} (Jitsu: {@code config:}) section, per warehouse type. */
final class DatasourceParser {
    static final int DEFAULT_POSTGRES_PORT = 5432;
    static final String DEFAULT_POSTGRES_SCHEMA = "public";
    static final int DEFAULT_MYSQL_PORT = 3306;
    /** Jitsu's MySQL {@code parameters.tls} values (Go MySQL driver): the dialect maps them to Connector/J's sslMode. */
    static final List<String> MYSQL_TLS_VALUES = List.of("true", "false", "skip-verify", "preferred");
    static final String DEFAULT_DUCKDB_PATH = "data/warehouse.duckdb";
    static final String DEFAULT_DUCKDB_SCHEMA = "main";
    static final int DEFAULT_GUINSOO_PORT = 9092;
    static final String DEFAULT_GUINSOO_SCHEMA = "PUBLIC";
    static final int DEFAULT_REDSHIFT_PORT = 5439;
    static final String DEFAULT_REDSHIFT_SCHEMA = "public";

    private static final SectionKeys POSTGRES = SectionKeys
            .reads("host", "port", "db", "schema", "username", "password", "parameters", "ssl");
    private static final SectionKeys MYSQL = SectionKeys
            .reads("host", "port", "db", "username", "password", "parameters", "ssl")
            .ignores("schema", "MySQL's schema is its database; tables go to datasource.db, as in Jitsu");
    private static final SectionKeys DUCKDB = SectionKeys.reads("path", "schema");
    /** Guinsoo / H2: no Jitsu adapter existed, so PostgreSQL's key names (less its ssl block). */
    private static final SectionKeys GUINSOO = SectionKeys
            .reads("host", "port", "db", "schema", "username", "password", "parameters");
    /** Jitsu's Redshift keys: the PostgreSQL ones, and {@code s3} for its batch-mode COPY. */
    private static final SectionKeys REDSHIFT = SectionKeys
            .reads("host", "port", "db", "schema", "username", "password", "parameters")
            .ignores("s3", "Jitsu used it only in batch mode, to COPY from S3; stream mode writes by INSERT")
            .refuses("ssl", "not supported; set the Redshift JDBC parameters instead, e.g. "
                    + "parameters: {ssl: true, sslmode: verify-full}");

    private DatasourceParser() {}

    /**
     * @param section the datasource map; absent means "all defaults" (only DuckDB allows that)
     */
    static ConnectionSettings parse(String type, YamlNode section, Path baseDir, List<String> warnings)
            throws ConfigException {
        return switch (type) {
            case "postgres" -> postgres(section, warnings);
            case "duckdb" -> duckdb(section, baseDir, warnings);
            case "guinsoo", "h2" -> guinsoo(type, section, warnings);
            case "mysql" -> mysql(section, warnings);
            case "redshift" -> redshift(section, warnings);
            case "clickhouse" -> ClickHouseDatasource.parse(section, warnings);
            case "snowflake" -> SnowflakeDatasource.parse(section, warnings);
            case "webhook" -> WebhookDatasource.parse(section, warnings);
            case "bigquery" -> BigQueryDatasource.parse(section, baseDir, warnings);
            case "s3" -> S3Datasource.parse(section, warnings);
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

    /**
     * {@code host}, {@code db} (the database as the server names it, e.g. {@code luden} or {@code ~/luden};
     * H2 settings go in {@code parameters}, not after a {@code ;}), {@code port} 9092, {@code schema} PUBLIC.
     */
    private static ConnectionSettings guinsoo(String type, YamlNode ds, List<String> warnings) throws ConfigException {
        GUINSOO.check(ds, warnings);
        YamlNode db = ds.require("db");
        String name = nonBlank(db);
        if (name.indexOf(';') >= 0) {
            throw db.error("must be the database name only, got '" + name + "'; put H2 settings such as"
                    + " LOCK_TIMEOUT in parameters");
        }
        return ConnectionSettings.builder(type)
                .host(nonBlank(ds.require("host")))
                .port(port(ds.get("port"), DEFAULT_GUINSOO_PORT))
                .db(name)
                .schema(nonBlank(ds.get("schema"), DEFAULT_GUINSOO_SCHEMA))
                .username(ds.get("username").text(null))
                .password(ds.get("password").text(null))
                .parameters(ds.get("parameters").textMap())
                .build();
    }

    /** Jitsu's MySQL keys; the database is also the schema (MySQL has no other). */
    private static ConnectionSettings mysql(YamlNode ds, List<String> warnings) throws ConfigException {
        MYSQL.check(ds, warnings);
        if (ds.get("ssl").isPresent()) {
            throw ds.get("ssl").error("not supported; set parameters: {tls: true} (Jitsu's) or the MariaDB"
                    + " Connector/J parameters, e.g. {sslMode: verify-full, serverSslCert: /path/ca.pem}");
        }
        int portNumber = port(ds.get("port"), DEFAULT_MYSQL_PORT);
        YamlNode tls = ds.get("parameters").get("tls");
        if (tls.isPresent() && !MYSQL_TLS_VALUES.contains(tls.text().strip().toLowerCase(java.util.Locale.ROOT))) {
            throw tls.error("expected one of " + String.join(", ", MYSQL_TLS_VALUES) + ", got '" + tls.text() + "'");
        }
        String db = nonBlank(ds.require("db"));
        return ConnectionSettings.builder("mysql")
                .host(nonBlank(ds.require("host")))
                .port(portNumber)
                .db(db)
                .schema(db)
                .username(ds.get("username").text(null))
                .password(ds.get("password").text(null))
                .parameters(ds.get("parameters").textMap())
                .build();
    }

    private static int port(YamlNode port, int defaultPort) throws ConfigException {
        int portNumber = port.isPresent() ? port.integer() : defaultPort;
        if (portNumber < 1 || portNumber > 65535) {
            throw port.error("expected a port between 1 and 65535, got " + portNumber);
        }
        return portNumber;
    }

    private static ConnectionSettings redshift(YamlNode ds, List<String> warnings) throws ConfigException {
        REDSHIFT.check(ds, warnings);
        return ConnectionSettings.builder("redshift")
                .host(nonBlank(ds.require("host")))
                .port(port(ds.get("port"), DEFAULT_REDSHIFT_PORT))
                .db(nonBlank(ds.require("db")))
                .schema(nonBlank(ds.get("schema"), DEFAULT_REDSHIFT_SCHEMA))
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
