package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.JdbcSession;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.postgres.PostgresDialect;
import io.luden.stream.sinks.testing.RedshiftSqlRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL the Redshift dialect generates, and that every statement of it passes Redshift's rules. */
class RedshiftDialectTest {
    private final RedshiftDialect d = new RedshiftDialect();
    private final ConnectionSettings settings = ConnectionSettings.builder("redshift").host("cluster.example")
            .db("dev").schema("analytics").build();

    @Test
    void isFoundByTypeWithJitsusLimitAndDefaults() {
        assertThat(Dialects.forType("redshift")).isInstanceOf(RedshiftDialect.class);
        assertThat(d.maxColumnNameLength()).isEqualTo(115);
        assertThat(d.defaultSchema()).isEqualTo("public");
        assertThat(d.insertHandlesConflicts()).isFalse();
    }

    @Test
    void typesAreSpecSectionEightsRedshiftColumn() {
        assertThat(d.sqlType(DataType.STRING)).isEqualTo("character varying(65535)");
        assertThat(d.sqlType(DataType.INTEGER)).isEqualTo("bigint");
        assertThat(d.sqlType(DataType.FLOAT)).isEqualTo("double precision");
        assertThat(d.sqlType(DataType.TIMESTAMP)).isEqualTo("timestamp");
        assertThat(d.sqlType(DataType.BOOLEAN)).isEqualTo("boolean");
        assertThat(d.translateType("string")).isEqualTo("character varying(65535)");
        assertThat(d.translateType(" Integer ")).isEqualTo("bigint");
        // Redshift would make TEXT a VARCHAR(256)
        assertThat(d.translateType("TEXT")).isEqualTo("character varying(65535)");
        assertThat(d.translateType("numeric(38,18)")).isEqualTo("numeric(38,18)");
        assertThat(d.category("character varying(65535)")).isEqualTo(DataType.STRING);
        assertThat(d.category("timestamp without time zone")).isEqualTo(DataType.TIMESTAMP);
    }

    @Test
    void identifiersAreQuotedEscapedAndFoldedToLowerCaseAsRedshiftStoresThem() {
        assertThat(d.quote("select")).isEqualTo("\"select\"");
        assertThat(d.quote("User")).isEqualTo("\"user\"");
        assertThat(d.quote("a\"B")).isEqualTo("\"a\"\"b\"");
        assertThat(d.addColumn("S", "t", "x\"; DROP TABLE t; --", "bigint"))
                .isEqualTo("ALTER TABLE \"s\".\"t\" ADD COLUMN \"x\"\"; drop table t; --\" bigint");
    }

    @Test
    void createTableDeclaresTheKeysRedshiftKeepsAsInformation() {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        columns.put("eventn_ctx_event_id", "character varying(65535)");
        columns.put("order", "bigint");
        assertThat(d.createTable("public", "events", columns, List.of(), List.of("eventn_ctx_event_id")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS \"public\".\"events\" (\"eventn_ctx_event_id\" character varying(65535),"
                        + " \"order\" bigint, UNIQUE (\"eventn_ctx_event_id\"))");
        assertThat(d.createTable("public", "events", columns, List.of("order"), List.of()))
                .endsWith(", PRIMARY KEY (\"order\"))");
        assertThat(d.prepareSchema("Analytics")).containsExactly("CREATE SCHEMA IF NOT EXISTS \"analytics\"");
    }

    @Test
    void aPlainInsertIsAnInsertAndAKeyedOneHasNoSingleStatement() {
        assertThat(d.insert("public", "t", List.of("a", "b"), List.of("?", "CAST(? AS date)"), List.of(), false))
                .isEqualTo("INSERT INTO \"public\".\"t\" (\"a\", \"b\") VALUES (?, CAST(? AS date))");
        assertThatThrownBy(() -> d.insert("public", "t", List.of("a"), List.of("?"), List.of("a"), false))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("staged batch");
    }

    @Test
    void jdbcUrlUsesRedshiftsPortAndNamesWhatIsMissing() {
        assertThat(d.jdbcUrl(settings)).isEqualTo("jdbc:redshift://cluster.example:5439/dev");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("redshift").host("::1").port(5440).db("my db").build()))
                .isEqualTo("jdbc:redshift://[::1]:5440/my+db");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("redshift").db("dev").build()))
                .hasMessage("redshift destination needs datasource.host");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("redshift").host("h").build()))
                .hasMessage("redshift destination needs datasource.db");
    }

    @Test
    void connectionPropertiesBoundTheNetworkAndPassParametersThrough() {
        Properties p = d.connectionProperties(ConnectionSettings.builder("redshift").host("h").db("d")
                .username("u").password("p").parameters(Map.of("connect_timeout", "600", "ssl", "false")).build());
        assertThat(p).containsEntry("user", "u").containsEntry("password", "p").containsEntry("connectTimeout", "600")
                .containsEntry("ssl", "false").containsEntry("socketTimeout", "300").containsEntry("tcpKeepAlive", "true")
                .containsEntry("ApplicationName", "luden-stream");
        assertThat(p).doesNotContainKey("connect_timeout");
    }

    @Test
    void aKeyedBatchIsStagedThenUpdatedAndAntiJoined() {
        RedshiftBulkWrite upsert = new RedshiftBulkWrite(d, batch(List.of("id"),
                row(integer("id", 1), str("a", "x"), str("b", "w")), row(integer("id", 2), str("a", "y"))));
        assertThat(upsert.createStaging())
                .isEqualTo("CREATE TEMP TABLE luden_staging (c1 character varying(65535), c2 character varying(65535), c3 bigint)");
        String target = "\"public\".\"t\"";
        assertThat(upsert.updateFromStaging(target)).isEqualTo("UPDATE \"public\".\"t\" AS luden_target SET"
                + " \"a\" = COALESCE(luden_staging.c1, luden_target.\"a\"), \"b\" = COALESCE(luden_staging.c2, luden_target.\"b\")"
                + " FROM luden_staging WHERE luden_target.\"id\" = luden_staging.c3");
        assertThat(upsert.insertFromStaging(target)).isEqualTo("INSERT INTO \"public\".\"t\" (\"a\", \"b\", \"id\")"
                + " SELECT luden_staging.c1, luden_staging.c2, luden_staging.c3 FROM luden_staging WHERE NOT EXISTS"
                + " (SELECT 1 FROM \"public\".\"t\" AS luden_target WHERE luden_target.\"id\" = luden_staging.c3)");
        assertThat(upsert.valuesSql(RedshiftBulkWrite.STAGING, 2))
                .isEqualTo("INSERT INTO luden_staging VALUES (?, ?, ?), (?, ?, ?)");

        assertThat(upsert.probesKeys()).as("an upsert is staged").isFalse();
        RedshiftBulkWrite onlyKeys = new RedshiftBulkWrite(d, batch(List.of("id"), row(integer("id", 1))));
        assertThat(onlyKeys.updateFromStaging(target)).as("nothing to update: insert-or-nothing").isNull();
    }

    @Test
    void theEventIdKeyIsInsertOrNothing() {
        RedshiftBulkWrite insert = new RedshiftBulkWrite(d, batch(List.of(), row(str("eventn_ctx_event_id", "e1"),
                new Field("d", DataType.STRING, "2020-01-01", "date", "date"))));
        assertThat(insert.probesKeys()).isTrue();
        assertThat(insert.probeSql("\"public\".\"t\"", 3)).isEqualTo("SELECT \"eventn_ctx_event_id\" FROM \"public\".\"t\""
                + " WHERE \"eventn_ctx_event_id\" IN (?, ?, ?)");
        assertThat(RedshiftSqlRules.check(insert.probeSql("\"public\".\"t\"", 3), 3)).isEmpty();
        // the staged form, for keys of other types
        assertThat(insert.updateFromStaging("\"public\".\"t\"")).isNull();
        assertThat(insert.createStaging()).isEqualTo("CREATE TEMP TABLE luden_staging (c1 date, c2 character varying(65535))");
        assertThat(insert.valuesSql(RedshiftBulkWrite.STAGING, 1)).isEqualTo("INSERT INTO luden_staging VALUES (CAST(? AS date), ?)");
        assertThat(insert.insertFromStaging("\"public\".\"t\"")).contains("WHERE NOT EXISTS (SELECT 1 FROM \"public\".\"t\""
                + " AS luden_target WHERE luden_target.\"eventn_ctx_event_id\" = luden_staging.c2)");
    }

    @Test
    void everyStatementPassesRedshiftsRulesAndPostgresOwnFormsDoNot() {
        RedshiftBulkWrite upsert = new RedshiftBulkWrite(d, batch(List.of("id"), row(integer("id", 1), str("a", "x"))));
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        columns.put("on conflict", "character varying(65535)");
        List<String> ours = new ArrayList<>(List.of(upsert.createStaging(), upsert.updateFromStaging("\"s\".\"t\""),
                upsert.insertFromStaging("\"s\".\"t\""), upsert.valuesSql("luden_staging", 3),
                d.addColumn("s", "t", "returning", "character varying(65535)"),
                d.createTable("s", "t", columns, List.of(), List.of("on conflict")),
                d.insert("s", "t", List.of("a"), List.of("?"), List.of(), false)));
        ours.addAll(d.prepareSchema("s"));
        for (String sql : ours) {
            assertThat(RedshiftSqlRules.check(sql, 3)).as(sql).isEmpty();
        }

        PostgresDialect pg = new PostgresDialect();
        assertThat(RedshiftSqlRules.check(pg.insert("s", "t", List.of("a"), List.of("?"), List.of("a"), false), 1))
                .hasValueSatisfying(why -> assertThat(why).contains("ON CONFLICT"));
        assertThat(RedshiftSqlRules.check(pg.addColumn("s", "t", "a", "text"), 0)).isPresent();
        assertThat(RedshiftSqlRules.check(pg.ddlPreamble().get(0), 0)).isPresent();
        assertThat(RedshiftSqlRules.check("COPY pg_temp.luden_staging FROM STDIN", 0)).isPresent();
        assertThat(RedshiftSqlRules.check("CREATE TEMP TABLE x (c1 bigint) ON COMMIT DROP", 0)).isPresent();
        assertThat(RedshiftSqlRules.check("CREATE TABLE x (c1 text)", 0)).isPresent();
        assertThat(RedshiftSqlRules.check("CREATE TABLE x (c1 varchar(70000))", 0)).isPresent();
        assertThat(RedshiftSqlRules.check("INSERT INTO t VALUES (?)", RedshiftSqlRules.MAX_PARAMETERS + 1)).isPresent();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Field str(String column, String value) {
        return new Field(column, DataType.STRING, value);
    }

    private static Field integer(String column, long value) {
        return new Field(column, DataType.INTEGER, value);
    }

    private static Row row(Field... fields) {
        List<Field> sorted = new ArrayList<>(List.of(fields));
        sorted.sort(java.util.Comparator.comparing(Field::column));
        return new Row("t", null, sorted);
    }

    /** A batch prepared as the Warehouse prepares it, against a table with every column of the rows. */
    private BatchInsert batch(List<String> primaryKey, Row... rows) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Row r : rows) {
            for (Field f : r.fields()) {
                columns.putIfAbsent(f.column(), f.sqlType() != null ? f.sqlType() : d.sqlType(f.type()));
            }
        }
        TableSchema schema = new TableSchema("t", columns, primaryKey,
                columns.containsKey("eventn_ctx_event_id") ? List.of("eventn_ctx_event_id") : List.of());
        RowInserter inserter = new RowInserter(new JdbcSession(d, settings("public")), d, primaryKey);
        List<RowInserter.Prepared> prepared = new ArrayList<>();
        for (Row r : rows) {
            try {
                prepared.add(inserter.prepare(schema, r));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return BatchInsert.of("public", "t", prepared);
    }

    private static ConnectionSettings settings(String schema) {
        return ConnectionSettings.builder("redshift").host("h").db("d").schema(schema).build();
    }
}
