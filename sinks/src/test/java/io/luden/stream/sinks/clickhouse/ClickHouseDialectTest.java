package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.Dialects;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL the ClickHouse dialect generates: quoting, types, Jitsu's table engine and its options, the INSERTs. */
class ClickHouseDialectTest {
    private final ClickHouseDialect d = new ClickHouseDialect();

    private static Dialect configured(Map<String, String> parameters) {
        return new ClickHouseDialect().configure(ConnectionSettings.builder("clickhouse").host("h").db("d").schema("d")
                .parameters(parameters).build());
    }

    private static LinkedHashMap<String, String> columns(String... nameType) {
        LinkedHashMap<String, String> c = new LinkedHashMap<>();
        for (int i = 0; i < nameType.length; i += 2) {
            c.put(nameType[i], nameType[i + 1]);
        }
        return c;
    }

    @Test
    void isFoundByTypeWithJitsusLimit() {
        assertThat(Dialects.forType("clickhouse")).isInstanceOf(ClickHouseDialect.class);
        assertThat(d.maxColumnNameLength()).isEqualTo(251);
        assertThat(d.defaultSchema()).isEqualTo("default");
    }

    @Test
    void quotesEveryIdentifierEscapingQuotesAndBackslashes() {
        assertThat(d.quote("user")).isEqualTo("\"user\"");
        assertThat(d.quote("utc_time")).isEqualTo("\"utc_time\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(d.quote("a\\\"; DROP TABLE x; --")).isEqualTo("\"a\\\\\\\"; DROP TABLE x; --\"");
        assertThat(ClickHouseDialect.literal("it's \\ here")).isEqualTo("'it\\'s \\\\ here'");
    }

    @Test
    void typeMapKeepsMicrosecondsAndNamesTheZone() {
        assertThat(d.sqlType(DataType.STRING)).isEqualTo("String");
        assertThat(d.sqlType(DataType.INTEGER)).isEqualTo("Int64");
        assertThat(d.sqlType(DataType.FLOAT)).isEqualTo("Float64");
        assertThat(d.sqlType(DataType.TIMESTAMP)).isEqualTo("DateTime64(6, 'UTC')");
        assertThat(d.sqlType(DataType.BOOLEAN)).isEqualTo("Bool");
        assertThat(d.translateType("integer")).isEqualTo("Int64");
        assertThat(d.translateType(" Timestamp ")).isEqualTo("DateTime64(6, 'UTC')");
    }

    @Test
    void categoriesOfClickHouseTypes() {
        assertThat(d.category("Nullable(String)")).isEqualTo(DataType.STRING);
        assertThat(d.category("LowCardinality(Nullable(String))")).isEqualTo(DataType.STRING);
        assertThat(d.category("FixedString(16)")).isEqualTo(DataType.STRING);
        assertThat(d.category("UInt8")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("Int32")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("Float32")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("Decimal(38, 18)")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("DateTime")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("DateTime64(6, 'UTC')")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("Bool")).isEqualTo(DataType.BOOLEAN);
        assertThat(d.category("Date")).isNull();
        assertThat(d.category("UUID")).isNull();
        assertThat(d.category("Array(String)")).isNull();
        assertThat(ClickHouseTypes.valueType("Nullable(Float64)")).isEqualTo("Float64");
    }

    @Test
    void tableAsJitsuCreatesIt() {
        String sql = d.createTable("db", "events", columns("_timestamp", "DateTime64(6, 'UTC')",
                "eventn_ctx_event_id", "String", "user", "String"), List.of(), List.of("eventn_ctx_event_id"));

        assertThat(sql).isEqualTo("CREATE TABLE IF NOT EXISTS \"db\".\"events\" (\"_timestamp\" DateTime64(6, 'UTC'),"
                + " \"eventn_ctx_event_id\" String, \"user\" Nullable(String)) ENGINE = ReplacingMergeTree"
                + " PARTITION BY (toYYYYMM(\"_timestamp\")) ORDER BY (\"eventn_ctx_event_id\")"
                + " SETTINGS non_replicated_deduplication_window = 1000");
    }

    @Test
    void primaryKeyFieldsAreTheSortingKeyAndATableWithoutKeyHasNoDeduplicationWindow() {
        assertThat(d.createTable("db", "users", columns("id", "Int64", "name", "String"), List.of("id"), List.of()))
                .endsWith("(\"id\" Int64, \"name\" Nullable(String)) ENGINE = ReplacingMergeTree ORDER BY (\"id\")"
                        + " SETTINGS non_replicated_deduplication_window = 1000");
        assertThat(d.createTable("db", "logs", columns("line", "String"), List.of(), List.of()))
                .endsWith("(\"line\" Nullable(String)) ENGINE = ReplacingMergeTree ORDER BY tuple()");
    }

    @Test
    void jitsuEngineOptions() {
        Dialect custom = configured(Map.of("engine.order_fields", "eventn_ctx_event_id,app",
                "engine.primary_keys", "eventn_ctx_event_id", "engine.partition_fields", "toYYYYMMDD:_timestamp,app"));
        assertThat(custom.createTable("db", "t", columns("_timestamp", "DateTime64(6, 'UTC')", "app", "String",
                "eventn_ctx_event_id", "String", "x", "Int64"), List.of(), List.of("eventn_ctx_event_id")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"db\".\"t\" (\"_timestamp\" DateTime64(6, 'UTC'), \"app\" String,"
                        + " \"eventn_ctx_event_id\" String, \"x\" Nullable(Int64)) ENGINE = ReplacingMergeTree"
                        + " PARTITION BY (toYYYYMMDD(\"_timestamp\"), \"app\") ORDER BY (\"eventn_ctx_event_id\", \"app\")"
                        + " PRIMARY KEY (\"eventn_ctx_event_id\") SETTINGS non_replicated_deduplication_window = 1000");

        Dialect raw = configured(Map.of("engine.raw_statement", "ENGINE = MergeTree ORDER BY tuple()"));
        assertThat(raw.createTable("db", "t", columns("a", "String"), List.of(), List.of()))
                .endsWith("(\"a\" Nullable(String)) ENGINE = MergeTree ORDER BY tuple()");

        assertThatThrownBy(() -> configured(Map.of("engine.partition_fields", "x);drop:a"))
                .createTable("db", "t", columns("a", "String"), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x);drop");
    }

    @Test
    void clusterMakesDdlOnClusterAndTablesReplicated() {
        Dialect c = configured(Map.of("cluster", "main"));
        assertThat(c.prepareSchema("db")).containsExactly("CREATE DATABASE IF NOT EXISTS \"db\" ON CLUSTER \"main\"");
        assertThat(c.createTable("db", "t", columns("eventn_ctx_event_id", "String"), List.of(), List.of("eventn_ctx_event_id")))
                .contains("ON CLUSTER \"main\"")
                .contains("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/t', '{replica}')")
                .doesNotContain("non_replicated_deduplication_window");
        assertThat(c.addColumn("db", "t", "n", "Int64"))
                .isEqualTo("ALTER TABLE \"db\".\"t\" ON CLUSTER \"main\" ADD COLUMN IF NOT EXISTS \"n\" Nullable(Int64)");
    }

    @Test
    void addedColumnsAreNullableUnlessTheTypeCannotBe() {
        assertThat(d.addColumn("db", "t", "select", "String"))
                .isEqualTo("ALTER TABLE \"db\".\"t\" ADD COLUMN IF NOT EXISTS \"select\" Nullable(String)");
        assertThat(d.addColumn("db", "t", "tags", "Array(String)")).endsWith("\"tags\" Array(String)");
    }

    @Test
    void insertOfAnEventIdIsAnAntiJoinTheIndexAnswers() {
        assertThat(d.insert("db", "t", List.of("a", "eventn_ctx_event_id"), List.of("?", "?"),
                List.of("eventn_ctx_event_id"), false))
                .isEqualTo("INSERT INTO \"db\".\"t\" (\"a\", \"eventn_ctx_event_id\") WITH ? AS luden_v1, ? AS luden_v2"
                        + " SELECT luden_v1, luden_v2 WHERE (luden_v2) NOT IN (SELECT \"eventn_ctx_event_id\" FROM \"db\".\"t\""
                        + " WHERE \"eventn_ctx_event_id\" = luden_v2)");
    }

    @Test
    void plainInsertAndUpsertAreInsertSelectsAndAnUpsertOfOnlyKeysIsTheAntiJoin() {
        assertThat(d.insert("db", "t", List.of("a", "d"), List.of("?", "CAST(? AS Date)"), List.of(), false))
                .isEqualTo("INSERT INTO \"db\".\"t\" (\"a\", \"d\") WITH ? AS luden_v1, CAST(? AS Date) AS luden_v2"
                        + " SELECT luden_v1, luden_v2");
        assertThat(d.insert("db", "t", List.of("id", "name"), List.of("?", "?"), List.of("id"), true))
                .isEqualTo("INSERT INTO \"db\".\"t\" (\"id\", \"name\") WITH ? AS luden_v1, ? AS luden_v2 SELECT luden_v1, luden_v2");
        assertThat(d.insert("db", "t", List.of("id"), List.of("?"), List.of("id"), true))
                .contains("NOT IN (SELECT \"id\" FROM \"db\".\"t\" WHERE \"id\" = luden_v1)");
    }

    @Test
    void urlAndProperties() {
        ConnectionSettings s = ConnectionSettings.builder("clickhouse").host("ch.local").port(8443).db("d").schema("d")
                .username("u").password("p").parameters(Map.of("tls", "true", "cluster", "c",
                        "engine.order_fields", "a", "socket_timeout", "1000")).build();
        assertThat(d.jdbcUrl(s)).isEqualTo("jdbc:clickhouse:https://ch.local:8443");
        Properties p = d.connectionProperties(s);
        assertThat(p.getProperty("user")).isEqualTo("u");
        assertThat(p.getProperty("password")).isEqualTo("p");
        assertThat(p.getProperty("jdbc_ignore_unsupported_values")).isEqualTo("true");
        assertThat(p.getProperty("use_time_zone")).isEqualTo("UTC");
        assertThat(p.getProperty("socket_timeout")).isEqualTo("1000");
        assertThat(p).doesNotContainKeys("tls", "cluster", "engine.order_fields");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("clickhouse").host("h").build())).isEqualTo("jdbc:clickhouse:http://h:8123");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("clickhouse").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void bulkJsonValuesAndTheDeduplicationToken() {
        StringBuilder out = new StringBuilder();
        BulkInsert.value(out, "a\"b\\c\n\u0001 ü 😀");
        out.append(' ');
        BulkInsert.value(out, 1.0E300);
        out.append(' ');
        BulkInsert.value(out, new java.math.BigDecimal("1E+5"));
        out.append(' ');
        BulkInsert.value(out, java.time.LocalDateTime.of(2020, 6, 16, 23, 0, 0, 123456000));
        assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\u000a\\u0001 ü 😀\" 1.0E300 100000 \"2020-06-16 23:00:00.123456Z\"");

        String t1 = BulkInsert.token("d.t", List.of("a"), "{\"a\":1}\n");
        assertThat(t1).isEqualTo(BulkInsert.token("d.t", List.of("a"), "{\"a\":1}\n")).startsWith("luden-");
        assertThat(t1).isNotEqualTo(BulkInsert.token("d.t", List.of("a"), "{\"a\":2}\n"))
                .isNotEqualTo(BulkInsert.token("d.u", List.of("a"), "{\"a\":1}\n"));
    }

    @Test
    void timestampsAreBoundAsUtcTextWithItsZoneForEveryYear() {
        assertThat(d.bindable(java.time.LocalDateTime.of(2020, 1, 1, 0, 0))).isEqualTo("2020-01-01 00:00:00.000000Z");
        assertThat(d.bindable(java.time.LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01 00:00:00.000000Z");
        assertThat(d.bindable(java.time.OffsetDateTime.parse("9999-12-31T23:59:59.999999+02:00")))
                .isEqualTo("9999-12-31 21:59:59.999999Z");
        assertThat(d.bindable(5L)).isEqualTo(5L);
        assertThat(d.bulkAccepts(java.time.LocalDateTime.of(1, 1, 1, 0, 0))).isTrue();
        assertThat(d.bulkAccepts(java.time.LocalDateTime.of(0, 6, 1, 0, 0))).isFalse();
        assertThat((String) d.bindable(java.time.LocalDateTime.of(0, 6, 1, 12, 0))).contains("year 0 is outside");
        assertThat(d.bulkAccepts(java.time.OffsetDateTime.parse("9999-12-31T23:00:00-05:00"))).isFalse();
        assertThat(d.bindable("text")).isEqualTo("text");
    }

    @Test
    void timestampsAndDecimalsAreCastSoThatTextTheTypeCannotParseFailsInsteadOfBecomingNull() {
        assertThat(d.valueCast("DateTime64(6, 'UTC')", DataType.TIMESTAMP)).isEqualTo("DateTime64(6, 'UTC')");
        assertThat(d.valueCast("Decimal(38, 18)", DataType.FLOAT)).isEqualTo("Decimal(38, 18)");
        assertThat(d.valueCast("Float64", DataType.FLOAT)).isNull();
        assertThat(d.valueCast("Int64", DataType.INTEGER)).isNull();
        assertThat(d.bindable(new java.math.BigDecimal("1E+5"))).isEqualTo("100000");
        assertThat(d.bindable(new java.math.BigDecimal("3.140000000000000001"))).isEqualTo("3.140000000000000001");
    }
}
