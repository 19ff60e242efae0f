package io.luden.stream.sinks;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a destination's warehouse is: the {@code datasource:} (or Jitsu's {@code config:}) section.
 * Server databases use host/port/db/username/password/parameters; file databases (DuckDB) use
 * {@code path}. {@code schema} is the schema tables go to (Postgres {@code public}, DuckDB {@code main}).
 */
public final class ConnectionSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String host;
    private final Integer port;
    private final String db;
    private final String schema;
    private final String username;
    private final String password;
    private final Map<String, String> parameters;
    private final String path;

    private ConnectionSettings(Builder b) {
        this.type = Objects.requireNonNull(b.type, "type");
        this.host = b.host;
        this.port = b.port;
        this.db = b.db;
        this.schema = b.schema;
        this.username = b.username;
        this.password = b.password;
        this.parameters = Collections.unmodifiableMap(new TreeMap<>(b.parameters));
        this.path = b.path;
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    public String type() { return type; }
    public String host() { return host; }
    public Integer port() { return port; }
    public String db() { return db; }
    public String schema() { return schema; }
    public String username() { return username; }
    public String password() { return password; }
    public Map<String, String> parameters() { return parameters; }
    /** File path of an embedded database (DuckDB), absolute. */
    public String path() { return path; }

    /** For logs: never prints the password. */
    @Override
    public String toString() {
        if (host == null && port == null && path == null) { // an API destination (BigQuery): project and dataset
            return type + " " + db + (schema != null ? ":" + schema : "");
        }
        return type + (path != null ? " " + path : " " + host + ":" + port + "/" + db)
                + (schema != null ? " schema " + schema : "");
    }

    public static final class Builder {
        private final String type;
        private String host;
        private Integer port;
        private String db;
        private String schema;
        private String username;
        private String password;
        private Map<String, String> parameters = new TreeMap<>();
        private String path;

        private Builder(String type) {
            this.type = type;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(Integer v) { port = v; return this; }
        public Builder db(String v) { db = v; return this; }
        public Builder schema(String v) { schema = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder parameters(Map<String, String> v) { parameters = new TreeMap<>(v); return this; }
        public Builder path(String v) { path = v; return this; }

        public ConnectionSettings build() {
            return new ConnectionSettings(this);
        }
    }
}
