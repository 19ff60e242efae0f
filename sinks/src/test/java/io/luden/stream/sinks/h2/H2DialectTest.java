package io.luden.stream.sinks.h2;

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

/** The SQL the Guinsoo / H2 dialect generates, without a server. */
class H2DialectTest {
    private final H2Dialect d = new GuinsooDialect();

    @Test
    void isFoundByBothTypes() {
        assertThat(Dialects.forType("guinsoo")).isInstanceOf(GuinsooDialect.class);
        assertThat(Dialects.forType("h2")).isExactlyInstanceOf(H2Dialect.class);
        assertThat(Dialects.types()).contains("guinsoo", "h2", "postgres", "duckdb");
        assertThat(d.defaultSchema()).isEqualTo("PUBLIC");
        assertThat(d.maxColumnNameLength()).isEqualTo(256);
    }

    @Test
    void tcpUrlWithDefaultsAndIpv6() {
        assertThat(d.jdbcUrl(ConnectionSettings.builder("guinsoo").host("gs.local").db("analytics").build()))
                .isEqualTo("jdbc:h2:tcp://gs.local:9092/analytics");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("guinsoo").host("::1").port(9123).db("~/w").build()))
                .isEqualTo("jdbc:h2:tcp://[::1]:9123/~/w");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("guinsoo").db("/data/w").build()))
                .isEqualTo("jdbc:h2:tcp://localhost:9092//data/w");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("guinsoo").host("h").build()))
                .hasMessageContaining("datasource.db");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("guinsoo").host("h").db("w;INIT=RUNSCRIPT FROM 'x'").build()))
                .hasMessageContaining("datasource.parameters");
    }

    @Test
    void credentialsLockTimeoutAndParametersAreConnectionProperties() {
        Properties p = d.connectionProperties(ConnectionSettings.builder("guinsoo").host("h").db("w")
                .username("luden").password("pw").parameters(Map.of("QUERY_TIMEOUT", "60000")).build());
        assertThat(p).containsEntry("user", "luden").containsEntry("password", "pw")
                .containsEntry("LOCK_TIMEOUT", "10000").containsEntry("QUERY_TIMEOUT", "60000");
        Properties overridden = d.connectionProperties(ConnectionSettings.builder("guinsoo").db("w")
                .parameters(Map.of("LOCK_TIMEOUT", "500")).build());
        assertThat(overridden).containsEntry("LOCK_TIMEOUT", "500").containsEntry("user", "").containsEntry("password", "");
    }

    @Test
    void quotesEveryIdentifierAndEscapesQuotes() {
        assertThat(d.quote("utc_time")).isEqualTo("\"utc_time\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.addColumn("s", "t", "x\"; DROP TABLE t; --", "BIGINT"))
                .isEqualTo("ALTER TABLE \"s\".\"t\" ADD COLUMN IF NOT EXISTS \"x\"\"; DROP TABLE t; --\" BIGINT");
        assertThat(d.prepareSchema("we\"ird")).containsExactly("CREATE SCHEMA IF NOT EXISTS \"we\"\"ird\"");
    }

    @Test
    void typeMapTranslationsAndCategories() {
        assertThat(List.of(d.sqlType(DataType.STRING), d.sqlType(DataType.INTEGER), d.sqlType(DataType.FLOAT),
                d.sqlType(DataType.TIMESTAMP), d.sqlType(DataType.BOOLEAN)))
                .containsExactly("CHARACTER VARYING", "BIGINT", "DOUBLE PRECISION", "TIMESTAMP", "BOOLEAN");
        assertThat(d.translateType("text")).isEqualTo("CHARACTER VARYING");
        assertThat(d.translateType(" Integer ")).isEqualTo("BIGINT");
        assertThat(d.translateType("clob")).isEqualTo("clob");
        assertThat(d.category("CHARACTER VARYING")).isEqualTo(DataType.STRING);
        assertThat(d.category("character large object")).isEqualTo(DataType.STRING);
        assertThat(d.category("VARCHAR_IGNORECASE")).isEqualTo(DataType.STRING);
        assertThat(d.category("DOUBLE PRECISION")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("REAL")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("DECFLOAT")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("NUMERIC(38,18)")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("TINYINT")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("TIMESTAMP WITH TIME ZONE")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("BOOLEAN")).isEqualTo(DataType.BOOLEAN);
        assertThat(d.category("DATE")).isNull();
        assertThat(d.category("JSON")).isNull();
        assertThat(d.category("UUID")).isNull();
    }

    @Test
    void numericColumnsKeepPrecisionAndScaleOthersAsReported() {
        assertThat(H2Dialect.columnType("NUMERIC", 12, 4)).isEqualTo("NUMERIC(12,4)");
        assertThat(H2Dialect.columnType("numeric", 38, 0)).isEqualTo("numeric(38,0)");
        assertThat(H2Dialect.columnType("BIGINT", 64, 0)).isEqualTo("BIGINT");
        assertThat(H2Dialect.columnType("CHARACTER VARYING", null, null)).isEqualTo("CHARACTER VARYING");
    }

    @Test
    void castsAndJsonText() {
        assertThat(d.castPlaceholder("DATE")).isEqualTo("CAST(? AS DATE)");
        assertThat(d.castPlaceholder("json")).isEqualTo("? FORMAT JSON");
    }

    @Test
    void createTableWithKeys() {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "BIGINT");
        columns.put("user", "CHARACTER VARYING");
        assertThat(d.createTable("PUBLIC", "events", columns, List.of(), List.of("id")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"PUBLIC\".\"events\" (\"id\" BIGINT, \"user\" CHARACTER VARYING,"
                        + " UNIQUE (\"id\"))");
        assertThat(d.createTable("s", "t", columns, List.of("id"), List.of()))
                .endsWith("PRIMARY KEY (\"id\"))");
    }

    @Test
    void plainInsertWithoutAKey() {
        assertThat(d.insert("s", "t", List.of("a", "order"), List.of("?", "CAST(? AS DATE)"), List.of(), false))
                .isEqualTo("INSERT INTO \"s\".\"t\" (\"a\", \"order\") VALUES (?, CAST(? AS DATE))");
    }

    @Test
    void insertOrDoNothingIsAMergeWhenNotMatched() {
        assertThat(d.insert("s", "t", List.of("a", "eventn_ctx_event_id"), List.of("?", "?"),
                List.of("eventn_ctx_event_id"), false))
                .isEqualTo("MERGE INTO \"s\".\"t\" AS luden_target USING (VALUES (?, ?)) AS luden_source (c1, c2)"
                        + " ON luden_target.\"eventn_ctx_event_id\" = luden_source.c2"
                        + " WHEN NOT MATCHED THEN INSERT (\"a\", \"eventn_ctx_event_id\")"
                        + " VALUES (luden_source.c1, luden_source.c2)");
    }

    @Test
    void singleRowUpsertIsMergeKey() {
        assertThat(d.insert("s", "t", List.of("id", "select"), List.of("?", "?"), List.of("id"), true))
                .isEqualTo("MERGE INTO \"s\".\"t\" (\"id\", \"select\") KEY (\"id\") VALUES (?, ?)");
    }

    @Test
    void bulkUpsertKeepsWhatARowLacks() {
        assertThat(d.merge("s", "t", List.of("id", "a\"b"), List.of("id"), true, "(?, ?), (?, ?)"))
                .isEqualTo("MERGE INTO \"s\".\"t\" AS luden_target USING (VALUES (?, ?), (?, ?)) AS luden_source (c1, c2)"
                        + " ON luden_target.\"id\" = luden_source.c1"
                        + " WHEN MATCHED THEN UPDATE SET \"a\"\"b\" = COALESCE(luden_source.c2, luden_target.\"a\"\"b\")"
                        + " WHEN NOT MATCHED THEN INSERT (\"id\", \"a\"\"b\") VALUES (luden_source.c1, luden_source.c2)");
        // only key columns: nothing to update
        assertThat(d.merge("s", "t", List.of("id"), List.of("id"), true, "(?)"))
                .doesNotContain("WHEN MATCHED").contains("WHEN NOT MATCHED");
    }

    @Test
    void ddlRunsInExclusiveMode() {
        assertThat(d.ddlPreamble()).containsExactly("SET EXCLUSIVE 1");
        assertThat(d.ddlEpilogue()).containsExactly("SET EXCLUSIVE 0");
    }
}
