package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL and connection setup the Snowflake dialect generates, without a server. */
class SnowflakeDialectTest {
    private final SnowflakeDialect d = new SnowflakeDialect();

    @Test
    void isFoundByType() {
        assertThat(Dialects.forType("snowflake")).isInstanceOf(SnowflakeDialect.class);
        assertThat(d.maxColumnNameLength()).isEqualTo(251);
        assertThat(d.defaultSchema()).isEqualTo("PUBLIC");
    }

    @Test
    void identifiersAreBareUnlessNeededAsJitsu144WritesThem() {
        assertThat(d.quote("events")).isEqualTo("events");
        assertThat(d.quote("utc_time")).isEqualTo("utc_time"); // not reserved in Snowflake
        assertThat(d.quote("_a$1")).isEqualTo("_a$1");
        assertThat(d.quote("user")).isEqualTo("\"USER\"");
        assertThat(d.quote("select")).isEqualTo("\"SELECT\"");
        assertThat(d.quote("order")).isEqualTo("\"ORDER\"");
        assertThat(d.quote("1st")).isEqualTo("\"1st\"");
        assertThat(d.quote("a b")).isEqualTo("\"a b\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.quote("x'); DROP TABLE events; --")).isEqualTo("\"x'); DROP TABLE events; --\"");
    }

    @Test
    void storedNamesMapBackToLudenNames() {
        for (String name : List.of("events", "user", "select", "eventn_ctx_event_id", "a\"b", "1st", "MixedCase")) {
            assertThat(SnowflakeNames.ludenName(SnowflakeNames.stored(name)))
                    .as(name).isEqualTo(name.equals("MixedCase") ? "mixedcase" : name);
        }
        assertThat(SnowflakeNames.stored("user")).isEqualTo("USER");
        assertThat(SnowflakeNames.ludenName("Quoted Mixed")).isEqualTo("Quoted Mixed");
        assertThat(SnowflakeNames.ludenName("Mixed")).isEqualTo("Mixed"); // created quoted by someone: kept
    }

    @Test
    void typeMapOfSpecWithNtzMicroseconds() {
        assertThat(d.sqlType(DataType.STRING)).isEqualTo("text");
        assertThat(d.sqlType(DataType.INTEGER)).isEqualTo("bigint");
        assertThat(d.sqlType(DataType.FLOAT)).isEqualTo("double precision");
        assertThat(d.sqlType(DataType.TIMESTAMP)).isEqualTo("timestamp_ntz(6)");
        assertThat(d.sqlType(DataType.BOOLEAN)).isEqualTo("boolean");
        assertThat(d.translateType("integer")).isEqualTo("bigint");
        assertThat(d.translateType("timestamp")).isEqualTo("timestamp_ntz(6)");
    }

    @Test
    void reportedTypesAreRenderedCastableAndCategorised() {
        assertThat(SnowflakeTypes.render("NUMBER", null, 38L, 0L, null)).isEqualTo("BIGINT");
        assertThat(SnowflakeTypes.render("NUMBER", null, 10L, 0L, null)).isEqualTo("NUMBER(10,0)");
        assertThat(SnowflakeTypes.render("NUMBER", null, 12L, 2L, null)).isEqualTo("DECIMAL(12,2)");
        assertThat(SnowflakeTypes.render("FLOAT", null, 53L, null, null)).isEqualTo("DOUBLE PRECISION");
        assertThat(SnowflakeTypes.render("TEXT", 16_777_216L, null, null, null)).isEqualTo("TEXT");
        assertThat(SnowflakeTypes.render("TEXT", 3L, null, null, null)).isEqualTo("VARCHAR(3)");
        assertThat(SnowflakeTypes.render("TIMESTAMP_NTZ", null, null, null, 6L)).isEqualTo("TIMESTAMP_NTZ(6)");
        assertThat(SnowflakeTypes.render("VARIANT", null, null, null, null)).isEqualTo("VARIANT");
        assertThat(d.category("BIGINT")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("NUMBER(10,0)")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("DECIMAL(12,2)")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("DOUBLE PRECISION")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("TIMESTAMP_NTZ(6)")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("TIMESTAMP_TZ(9)")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("TEXT")).isEqualTo(DataType.STRING);
        assertThat(d.category("BOOLEAN")).isEqualTo(DataType.BOOLEAN);
        assertThat(d.category("VARIANT")).isNull();
    }

    @Test
    void ddlQuotesOnlyWhatNeedsIt() {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        columns.put("user", "text");
        columns.put("eventn_ctx_event_id", "text");
        assertThat(d.prepareSchema("raw")).containsExactly("CREATE SCHEMA IF NOT EXISTS raw");
        assertThat(d.createTable("raw", "events", columns, List.of(), List.of("eventn_ctx_event_id")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS raw.events (\"USER\" text, eventn_ctx_event_id text,"
                        + " UNIQUE (eventn_ctx_event_id))");
        assertThat(d.addColumn("raw", "events", "select", "timestamp_ntz(6)"))
                .isEqualTo("ALTER TABLE raw.events ADD COLUMN IF NOT EXISTS \"SELECT\" timestamp_ntz(6)");
    }

    @Test
    void rowWithoutKeyIsAPlainInsert() {
        assertThat(d.insert("s", "t", List.of("a", "user"), List.of("?", "?"), List.of(), false))
                .isEqualTo("INSERT INTO s.t (a, \"USER\") VALUES (?, ?)");
    }

    @Test
    void keyedRowIsAMergeThatInsertsWhenNotMatched() {
        assertThat(d.insert("s", "t", List.of("a", "eventn_ctx_event_id"), List.of("?", "CAST(? AS text)"),
                List.of("eventn_ctx_event_id"), false))
                .isEqualTo("MERGE INTO s.t AS luden_target USING (SELECT ? AS c1, CAST(? AS text) AS c2) AS luden_source"
                        + " ON luden_target.eventn_ctx_event_id = luden_source.c2"
                        + " WHEN NOT MATCHED THEN INSERT (a, eventn_ctx_event_id) VALUES (luden_source.c1, luden_source.c2)");
    }

    @Test
    void upsertUpdatesTheRowsOtherColumnsWhenMatched() {
        assertThat(d.insert("s", "users", List.of("id", "name", "order"), List.of("?", "?", "?"), List.of("id"), true))
                .isEqualTo("MERGE INTO s.users AS luden_target USING (SELECT ? AS c1, ? AS c2, ? AS c3) AS luden_source"
                        + " ON luden_target.id = luden_source.c1"
                        + " WHEN MATCHED THEN UPDATE SET name = luden_source.c2, \"ORDER\" = luden_source.c3"
                        + " WHEN NOT MATCHED THEN INSERT (id, name, \"ORDER\")"
                        + " VALUES (luden_source.c1, luden_source.c2, luden_source.c3)");
        // only key columns: nothing to update, the matched row already is this row
        assertThat(d.insert("s", "ids", List.of("id"), List.of("?"), List.of("id"), true))
                .doesNotContain("WHEN MATCHED");
    }

    @Test
    void urlFromAccountOrHostAndPhoneHomeOffByDefault() {
        ConnectionSettings s = ConnectionSettings.builder("snowflake").db("ANALYTICS").schema("raw").username("u")
                .password("p").parameters(Map.of("account", "xy12345.eu-central-1", "warehouse", "WH")).build();
        assertThat(d.jdbcUrl(s)).isEqualTo("jdbc:snowflake://xy12345.eu-central-1.snowflakecomputing.com:443/");
        Properties p = d.connectionProperties(s);
        assertThat(p).containsEntry("disablePlatformDetection", "true").containsEntry("CLIENT_TELEMETRY_ENABLED", "false")
                .containsEntry("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED", "false").containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
                .containsEntry("TIMEZONE", "UTC").containsEntry("account", "xy12345.eu-central-1")
                .containsEntry("warehouse", "WH").containsEntry("db", "ANALYTICS").containsEntry("schema", "RAW")
                .containsEntry("user", "u").containsEntry("password", "p");

        ConnectionSettings local = ConnectionSettings.builder("snowflake").host("127.0.0.1").port(8080).db("D")
                .parameters(Map.of("account", "a")).build();
        assertThat(d.jdbcUrl(local)).isEqualTo("jdbc:snowflake://127.0.0.1:8080/");
    }

    @Test
    void missingAccountOrDbIsNamed() {
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("snowflake").db("D").build()))
                .hasMessageContaining("datasource.account");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("snowflake")
                .parameters(Map.of("account", "a")).build())).hasMessageContaining("datasource.db");
    }
}
