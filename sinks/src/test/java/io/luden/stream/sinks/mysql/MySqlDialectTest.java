package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL MySqlDialect generates: it must run on MySQL 8 and MariaDB alike (the fixture runs MariaDB). */
class MySqlDialectTest {
    private final MySqlDialect d = new MySqlDialect();

    @Test
    void isFoundByType() {
        assertThat(Dialects.forType("mysql")).isInstanceOf(MySqlDialect.class);
        assertThat(Dialects.types()).contains("mysql", "postgres", "duckdb");
        assertThat(d.maxColumnNameLength()).isEqualTo(64);
    }

    @Test
    void quotesEveryIdentifierWithBackticksDoublingBackticks() {
        assertThat(d.quote("utc_time")).isEqualTo("`utc_time`");
        assertThat(d.quote("a`b")).isEqualTo("`a``b`");
        assertThat(d.quote("a\"b'c")).isEqualTo("`a\"b'c`");
        assertThat(d.addColumn("db", "t", "x`; DROP TABLE t; --", "TEXT"))
                .isEqualTo("ALTER TABLE `db`.`t` ADD COLUMN `x``; DROP TABLE t; --` TEXT");
    }

    @Test
    void newColumnsAreAddedByOneAlterTable() {
        LinkedHashMap<String, String> cols = new LinkedHashMap<>();
        cols.put("a", "TEXT");
        cols.put("order", "BIGINT");
        assertThat(d.addColumns("db", "t", cols))
                .containsExactly("ALTER TABLE `db`.`t` ADD COLUMN `a` TEXT, ADD COLUMN `order` BIGINT");
        assertThat(d.addColumns("db", "t", new LinkedHashMap<>())).isEmpty();
    }

    @Test
    void typeMapHasMicrosecondTimestamps() {
        assertThat(List.of(d.sqlType(DataType.STRING), d.sqlType(DataType.INTEGER), d.sqlType(DataType.FLOAT),
                d.sqlType(DataType.TIMESTAMP), d.sqlType(DataType.BOOLEAN)))
                .containsExactly("TEXT", "BIGINT", "DOUBLE", "DATETIME(6)", "BOOLEAN");
        assertThat(d.translateType("timestamp")).isEqualTo("DATETIME(6)");
        assertThat(d.translateType("integer")).isEqualTo("BIGINT");
    }

    @Test
    void categoriesByMySqlTypeNames() {
        assertThat(d.category("tinyint(1)")).isEqualTo(DataType.BOOLEAN);
        assertThat(d.category("tinyint(4)")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("tinyint")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("bigint(20) unsigned")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("int")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("double")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("decimal(38,18)")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("varchar(255)")).isEqualTo(DataType.STRING);
        assertThat(d.category("longtext")).isEqualTo(DataType.STRING);
        assertThat(d.category("datetime(6)")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("timestamp")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("date")).isNull();
        assertThat(d.category("json")).isNull();
        assertThat(d.category("enum('a','b')")).isNull();
    }

    @Test
    void reportedTypesLoseMariaDbsDisplayWidthsAndDecimalSigns() {
        assertThat(MySqlDialect.normalise("bigint(20)")).isEqualTo("bigint");
        assertThat(MySqlDialect.normalise("int(10) unsigned")).isEqualTo("int unsigned");
        assertThat(MySqlDialect.normalise("tinyint(1)")).isEqualTo("tinyint(1)");
        assertThat(MySqlDialect.normalise("DECIMAL(10,2) unsigned")).isEqualTo("decimal(10,2)");
        assertThat(MySqlDialect.normalise("datetime(6)")).isEqualTo("datetime(6)");
    }

    @Test
    void createTableKeysVarcharsInsteadOfTextOnInnoDbUtf8mb4() {
        LinkedHashMap<String, String> cols = new LinkedHashMap<>();
        cols.put("eventn_ctx_event_id", "TEXT");
        cols.put("user", "TEXT");
        cols.put("n", "BIGINT");
        assertThat(d.createTable("db", "t", cols, List.of(), List.of("eventn_ctx_event_id"))).isEqualTo(
                "CREATE TABLE IF NOT EXISTS `db`.`t` (`eventn_ctx_event_id` VARCHAR(255) CHARACTER SET utf8mb4"
                        + " COLLATE utf8mb4_bin, `user` TEXT, `n` BIGINT, UNIQUE KEY (`eventn_ctx_event_id`))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        assertThat(d.createTable("db", "t", cols, List.of("n", "user"), List.of())).isEqualTo(
                "CREATE TABLE IF NOT EXISTS `db`.`t` (`eventn_ctx_event_id` TEXT, `user` VARCHAR(255) CHARACTER SET"
                        + " utf8mb4 COLLATE utf8mb4_bin, `n` BIGINT, PRIMARY KEY (`n`, `user`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    }

    @Test
    void insertsNeverUseInsertIgnore() {
        List<String> cols = List.of("eventn_ctx_event_id", "order", "utc_time");
        List<String> ph = List.of("?", "?", "?");
        assertThat(d.insert("db", "t", cols, ph, List.of(), false))
                .isEqualTo("INSERT INTO `db`.`t` (`eventn_ctx_event_id`, `order`, `utc_time`) VALUES (?, ?, ?)");
        assertThat(d.insert("db", "t", cols, ph, List.of("eventn_ctx_event_id"), false))
                .isEqualTo("INSERT INTO `db`.`t` (`eventn_ctx_event_id`, `order`, `utc_time`) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `eventn_ctx_event_id` = `eventn_ctx_event_id`");
        assertThat(d.insert("db", "t", cols, ph, List.of("eventn_ctx_event_id"), true))
                .isEqualTo("INSERT INTO `db`.`t` (`eventn_ctx_event_id`, `order`, `utc_time`) VALUES (?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE `order` = VALUES(`order`), `utc_time` = VALUES(`utc_time`)");
        assertThat(d.insert("db", "t", List.of("id"), List.of("?"), List.of("id"), true))
                .isEqualTo("INSERT INTO `db`.`t` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`");
        assertThat(d.castPlaceholder("date")).isEqualTo("?");
    }

    @Test
    void ddlIsPortableAndBounded() {
        assertThat(d.prepareSchema("a`b")).containsExactly("CREATE DATABASE IF NOT EXISTS `a``b` CHARACTER SET utf8mb4");
        assertThat(d.ddlPreamble()).containsExactly("SET SESSION lock_wait_timeout = 10");
    }

    @Test
    void urlHasNoDatabaseAndTheSessionIsStrictUtc() {
        ConnectionSettings s = ConnectionSettings.builder("mysql").host("db.local").db("analytics").schema("analytics")
                .username("u").password("p").parameters(Map.of("tls", "true", "sessionVariables", "wait_timeout=600")).build();
        assertThat(d.jdbcUrl(s)).isEqualTo("jdbc:mariadb://db.local:3306/");
        Properties p = d.connectionProperties(s);
        assertThat(p.getProperty("sessionVariables")).isEqualTo("sql_mode='STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',time_zone='+00:00',wait_timeout=600");
        assertThat(p.getProperty("sslMode")).isEqualTo("verify-full");
        assertThat(p).doesNotContainKey("tls");
        assertThat(p.getProperty("user")).isEqualTo("u");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("mysql").host("::1").port(3307).db("x").build()))
                .isEqualTo("jdbc:mariadb://[::1]:3307/");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("mysql").host("h").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("datasource.db");
        assertThat(MySqlDialect.sslMode("skip-verify")).isEqualTo("trust");
        assertThat(MySqlDialect.sslMode("false")).isEqualTo("disable");
    }

    @Test
    void errorMessagesLoseTheConnectionId() {
        assertThat(d.errorMessage(new SQLException("(conn=42) Data too long for column 'a' at row 1", "22001", 1406)))
                .isEqualTo("Data too long for column 'a' at row 1");
        assertThat(d.errorMessage(new SQLException("no prefix", "22001", 1406))).isEqualTo("no prefix");
    }
}
