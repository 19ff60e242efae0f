package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresDialectTest {
    private final PostgresDialect d = new PostgresDialect();

    @Test
    void isFoundByType() {
        assertThat(Dialects.forType("postgres")).isInstanceOf(PostgresDialect.class);
        assertThat(d.maxColumnNameLength()).isEqualTo(59);
        assertThat(d.defaultSchema()).isEqualTo("public");
    }

    @Test
    void quotesEveryIdentifierAndEscapesQuotes() {
        assertThat(d.quote("user")).isEqualTo("\"user\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.quote("Test Name; DROP DATABASE public; SELECT 1 from DUAL;"))
                .isEqualTo("\"Test Name; DROP DATABASE public; SELECT 1 from DUAL;\"");
    }

    @Test
    void typeMapOfSpec() {
        assertThat(Map.of(DataType.STRING, d.sqlType(DataType.STRING), DataType.INTEGER, d.sqlType(DataType.INTEGER),
                DataType.FLOAT, d.sqlType(DataType.FLOAT), DataType.TIMESTAMP, d.sqlType(DataType.TIMESTAMP),
                DataType.BOOLEAN, d.sqlType(DataType.BOOLEAN)))
                .containsEntry(DataType.STRING, "text").containsEntry(DataType.INTEGER, "bigint")
                .containsEntry(DataType.FLOAT, "double precision").containsEntry(DataType.TIMESTAMP, "timestamp")
                .containsEntry(DataType.BOOLEAN, "boolean");
    }

    @Test
    void categoriesOfReportedTypes() {
        for (String t : List.of("bigint", "integer", "smallint", "int8")) {
            assertThat(d.category(t)).as(t).isEqualTo(DataType.INTEGER);
        }
        for (String t : List.of("double precision", "real", "numeric", "numeric(38,18)", "decimal")) {
            assertThat(d.category(t)).as(t).isEqualTo(DataType.FLOAT);
        }
        for (String t : List.of("text", "character varying", "character varying(255)", "varchar")) {
            assertThat(d.category(t)).as(t).isEqualTo(DataType.STRING);
        }
        for (String t : List.of("timestamp", "timestamp without time zone", "timestamp(6) with time zone")) {
            assertThat(d.category(t)).as(t).isEqualTo(DataType.TIMESTAMP);
        }
        assertThat(d.category("boolean")).isEqualTo(DataType.BOOLEAN);
        for (String t : List.of("jsonb", "date", "uuid", "text[]", "time without time zone", "interval")) {
            assertThat(d.category(t)).as(t).isNull();
        }
    }

    @Test
    void createTableSql() {
        LinkedHashMap<String, String> cols = new LinkedHashMap<>();
        cols.put("a\"b", "text");
        cols.put("eventn_ctx_event_id", "text");
        assertThat(d.createTable("public", "events", cols, List.of(), List.of("eventn_ctx_event_id")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"public\".\"events\" (\"a\"\"b\" text, "
                        + "\"eventn_ctx_event_id\" text, UNIQUE (\"eventn_ctx_event_id\"))");
        assertThat(d.createTable("s", "t", cols, List.of("a\"b"), List.of()))
                .endsWith(", PRIMARY KEY (\"a\"\"b\"))");
    }

    @Test
    void addColumnSql() {
        assertThat(d.addColumn("public", "select", "user", "bigint"))
                .isEqualTo("ALTER TABLE \"public\".\"select\" ADD COLUMN IF NOT EXISTS \"user\" bigint");
    }

    @Test
    void insertSqlShapes() {
        List<String> cols = List.of("a", "eventn_ctx_event_id", "id");
        List<String> ph = List.of("?", "?", d.castPlaceholder("int"));
        assertThat(d.insert("s", "t", cols, ph, List.of(), false))
                .isEqualTo("INSERT INTO \"s\".\"t\" (\"a\", \"eventn_ctx_event_id\", \"id\") VALUES (?, ?, CAST(? AS int))");
        assertThat(d.insert("s", "t", cols, ph, List.of("eventn_ctx_event_id"), false))
                .endsWith(" ON CONFLICT (\"eventn_ctx_event_id\") DO NOTHING");
        assertThat(d.insert("s", "t", cols, ph, List.of("id"), true))
                .endsWith(" ON CONFLICT (\"id\") DO UPDATE SET \"a\" = EXCLUDED.\"a\", "
                        + "\"eventn_ctx_event_id\" = EXCLUDED.\"eventn_ctx_event_id\"");
        assertThat(d.insert("s", "t", List.of("id"), List.of("?"), List.of("id"), true))
                .endsWith(" ON CONFLICT (\"id\") DO NOTHING");
    }

    @Test
    void ddlRunsWithALockTimeout() {
        assertThat(d.ddlPreamble()).containsExactly("SET LOCAL lock_timeout = '10s'");
        assertThat(d.prepareSchema("my\"schema")).containsExactly("CREATE SCHEMA IF NOT EXISTS \"my\"\"schema\"");
    }

    @Test
    void jdbcUrlAndProperties() {
        ConnectionSettings s = ConnectionSettings.builder("postgres").host("db.example").port(6432).db("my db")
                .username("u").password("p").parameters(Map.of("sslmode", "disable", "connect_timeout", "600")).build();
        assertThat(d.jdbcUrl(s)).isEqualTo("jdbc:postgresql://db.example:6432/my+db");
        assertThat(d.connectionProperties(s)).containsEntry("user", "u").containsEntry("password", "p")
                .containsEntry("sslmode", "disable").containsEntry("connectTimeout", "600");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("postgres").host("::1").db("d").build()))
                .isEqualTo("jdbc:postgresql://[::1]:5432/d");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("postgres").host("h").build()))
                .hasMessageContaining("datasource.db");
    }

    @Test
    void connectionErrorClasses() {
        assertThat(d.isConnectionError(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(d.isConnectionError(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(d.isConnectionError(new SQLException("lock timeout", "55P03"))).isTrue();
        assertThat(d.isConnectionError(new SQLException("An I/O error occurred", null, new EOFException()))).isTrue();
        assertThat(d.isConnectionError(new SQLException("x", null, new ConnectException("nope")))).isTrue();
        // message text alone never decides (Jitsu matched these substrings)
        assertThat(d.isConnectionError(new SQLException("read: connection reset by peer"))).isFalse();
        assertThat(d.isConnectionError(new SQLException("unexpected EOF on client connection"))).isFalse();
        assertThat(d.isConnectionError(new SQLException("invalid input syntax for type bigint: \"a\"", "22P02"))).isFalse();
        assertThat(d.isConnectionError(new SQLException("duplicate key value", "23505"))).isFalse();
    }

    /** Issue 4 item 1: the Postgres connection class, state by state (the message never matters). */
    @Test
    void connectionClassTable() {
        List<String> connection = List.of(
                "08000", "08001", "08003", "08004", "08006", "08P01",        // connection exception
                "57P01", "57P02", "57P03",                                  // admin / crash shutdown, cannot connect now
                "53000", "53100", "53200", "53300", "53400",                // insufficient resources
                "55P03",                                                    // lock not available (lock_timeout)
                "57014",                                                    // query canceled (statement_timeout)
                "40001", "40P01",                                           // serialization failure, deadlock
                "25006");                                                   // read-only transaction
        for (String state : connection) {
            assertThat(d.isConnectionError(new SQLException("value 'x'", state))).as(state).isTrue();
            assertThat(d.isConnectionError(new SQLException("wrapper", null, new SQLException("x", state)))).as(state).isTrue();
        }
        List<String> data = List.of("22P02", "22003", "22001", "23505", "23502", "42P01", "42703", "42804",
                "54011", "54000", "40002", "40003", "25P02", "55000", "55006", "57P04", "58030", "XX000", "0A000");
        for (String state : data) {
            assertThat(d.isConnectionError(new SQLException("connection refused, timed out, EOF", state))).as(state).isFalse();
        }
    }

    @Test
    void alreadyExistsClasses() {
        assertThat(d.isAlreadyExists(new SQLException("relation exists", "42P07"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException("column exists", "42701"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException("schema exists", "42P06"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException(
                "duplicate key value violates unique constraint \"pg_type_typname_nsp_index\"", "23505"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException(
                "duplicate key value violates unique constraint \"events_pkey\"", "23505"))).isFalse();
    }

    @Test
    void jitsuTypeNamesTranslateToPostgresTypes() {
        assertThat(d.translateType("string")).isEqualTo("text");
        assertThat(d.translateType("integer")).isEqualTo("bigint");
        assertThat(d.translateType("double")).isEqualTo("double precision");
        assertThat(d.translateType("timestamp")).isEqualTo("timestamp");
        assertThat(d.translateType("boolean")).isEqualTo("boolean");
        assertThat(d.translateType(" Integer ")).isEqualTo("bigint");
    }

    @Test
    void otherTypeNamesPassThroughUnchanged() {
        assertThat(d.translateType("numeric(38,18)")).isEqualTo("numeric(38,18)");
        assertThat(d.translateType("jsonb")).isEqualTo("jsonb");
        assertThat(d.translateType("int")).isEqualTo("int");
        assertThat(d.translateType("double precision")).isEqualTo("double precision");
        assertThat(d.translateType(null)).isNull();
    }

    private static String copyText(Object value) {
        StringBuilder b = new StringBuilder();
        PostgresDialect.copyText(b, value);
        return b.toString();
    }

    @Test
    void copyTextEscapesAndRendersValuesAsPostgresReadsThem() {
        assertThat(copyText(null)).isEqualTo("\\N");
        assertThat(copyText("\\N")).isEqualTo("\\\\N");
        assertThat(copyText("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(copyText("plain ü 😀")).isEqualTo("plain ü 😀");
        assertThat(copyText(42L)).isEqualTo("42");
        assertThat(copyText(0.1)).isEqualTo("0.1");
        assertThat(copyText(new java.math.BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(copyText(true)).isEqualTo("t");
        assertThat(copyText(java.time.LocalDateTime.parse("2021-02-03T04:05:06.000789"))).isEqualTo("2021-02-03 04:05:06.000789");
        assertThat(copyText(java.time.LocalDateTime.parse("2021-02-03T04:05:06"))).isEqualTo("2021-02-03 04:05:06");
        // ISO year 0 is 1 BC, -1 is 2 BC (as pgjdbc sends them)
        assertThat(copyText(java.time.LocalDateTime.of(0, 6, 1, 12, 0))).isEqualTo("0001-06-01 12:00:00 BC");
        assertThat(copyText(java.time.LocalDateTime.of(-1, 12, 31, 19, 0))).isEqualTo("0002-12-31 19:00:00 BC");
        assertThat(copyText(java.time.LocalDateTime.of(10000, 1, 1, 4, 0))).isEqualTo("10000-01-01 04:00:00");
        assertThat(copyText(java.time.OffsetDateTime.parse("2020-01-01T10:00:00.5+02:00"))).isEqualTo("2020-01-01 08:00:00.500000+00");
    }
}
