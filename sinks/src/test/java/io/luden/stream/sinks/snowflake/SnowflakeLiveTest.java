package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Snowflake account, only when SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER,
 * SNOWFLAKE_PRIVATE_KEY_FILE (or SNOWFLAKE_PASSWORD), SNOWFLAKE_WAREHOUSE, SNOWFLAKE_DATABASE and
 * SNOWFLAKE_SCHEMA are set: creates a table of its own in that schema, writes a row, a batch, a
 * replay and an upsert, reads them back, and drops the tables.
 */
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_ACCOUNT", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_USER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_WAREHOUSE", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_DATABASE", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_SCHEMA", matches = ".+")
class SnowflakeLiveTest {
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<String> tables = new ArrayList<>();

    private static ConnectionSettings settings() {
        Map<String, String> p = new TreeMap<>();
        p.put("account", System.getenv("SNOWFLAKE_ACCOUNT"));
        p.put("warehouse", System.getenv("SNOWFLAKE_WAREHOUSE"));
        String key = System.getenv("SNOWFLAKE_PRIVATE_KEY_FILE");
        if (key != null && !key.isBlank()) {
            p.put("private_key_file", key);
            p.put("authenticator", "SNOWFLAKE_JWT");
        }
        return ConnectionSettings.builder("snowflake").db(System.getenv("SNOWFLAKE_DATABASE"))
                .schema(System.getenv("SNOWFLAKE_SCHEMA")).username(System.getenv("SNOWFLAKE_USER"))
                .password(System.getenv("SNOWFLAKE_PASSWORD")).parameters(p).build();
    }

    private static List<String> column(String sql) throws Exception {
        ConnectionSettings s = settings();
        var d = Dialects.forType("snowflake");
        try (Connection c = JdbcDrivers.connect(d.jdbcUrl(s), d.connectionProperties(s));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private String table(String name) {
        String t = name + "_" + suffix;
        tables.add(t);
        return t;
    }

    @AfterEach
    void dropTables() throws Exception {
        ConnectionSettings s = settings();
        var d = Dialects.forType("snowflake");
        try (Connection c = JdbcDrivers.connect(d.jdbcUrl(s), d.connectionProperties(s)); Statement st = c.createStatement()) {
            for (String t : tables) {
                st.execute("DROP TABLE IF EXISTS " + d.quote(s.schema()) + "." + d.quote(t));
            }
        }
    }

    @Test
    void writesReplaysAndUpsertsOnRealSnowflake() throws Exception {
        String events = table("luden_live_events");
        String users = table("luden_live_users");
        String q = SnowflakeNames.quote(System.getenv("SNOWFLAKE_SCHEMA")) + ".";
        MapSchemaCache cache = new MapSchemaCache();
        try (Warehouse w = new Warehouse(settings(), List.of())) {
            List<Row> batch = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                batch.add(new Row(events, "e" + k, List.of(new Field("eventn_ctx_event_id", DataType.STRING, "e" + k),
                        new Field("user", DataType.STRING, "u" + k), new Field("n", DataType.INTEGER, (long) k),
                        new Field("t", DataType.TIMESTAMP, "2021-02-03T04:05:06.123456Z"))));
            }
            assertThat(w.write(events, batch, cache)).allMatch(RowResult::isWritten);
            assertThat(w.write(events, batch, cache)).allMatch(RowResult::isWritten); // a replay
        }
        assertThat(column("SELECT count(*) FROM " + q + events)).containsExactly("50");
        assertThat(column("SELECT TO_VARCHAR(t, 'YYYY-MM-DD HH24:MI:SS.FF6') FROM " + q + events
                + " WHERE eventn_ctx_event_id = 'e7'")).containsExactly("2021-02-03 04:05:06.123456");
        try (Warehouse w = new Warehouse(settings(), List.of("id"))) {
            w.write(new Row(users, "a", List.of(new Field("id", DataType.INTEGER, 1L), new Field("name", DataType.STRING, "old"),
                    new Field("city", DataType.STRING, "Oslo"))), cache);
            w.write(new Row(users, "b", List.of(new Field("id", DataType.INTEGER, 1L), new Field("name", DataType.STRING, "new"))),
                    cache);
        }
        assertThat(column("SELECT name || '/' || city FROM " + q + users)).containsExactly("new/Oslo");
    }
}
