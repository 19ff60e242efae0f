package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.TableSchema;

import java.math.BigDecimal;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class MySqlTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    /** MySQL names the SQL type {@code int} "int" (PostgreSQL: "integer"); the explicit type still wins. */
    @Test
    @Replaces("explicitSqlTypeWinsOverTheTypeMap")
    void explicitSqlTypeWinsOverTheTypeMapAsMySqlNamesIt() throws Exception {
        warehouse().write(row("events", "e1",
                new Field("small", DataType.INTEGER, 7L, "int", null),
                new Field("amount", DataType.FLOAT, new BigDecimal("12.25"), "numeric(38,18)", null)), cache);

        assertThat(columnTypes("events").get("small").toLowerCase(Locale.ROOT)).isEqualTo("int");
        assertThat(MySqlFixture.get().declaredTypes(schema, "events").get("amount")).isEqualTo("decimal(38,18)");
        assertThat(((Number) rows("events", EVENT_ID).get(0).get("small")).longValue()).isEqualTo(7);
        assertThat(new BigDecimal(text("events", "amount", "true"))).isEqualByComparingTo("12.25");
    }

    /**
     * MySQL has no boolean type: BOOLEAN is stored as TINYINT(1), and the table says "tinyint(1)";
     * the dialect reads that back as a boolean column. The other types are the type map's.
     */
    @Test
    @Replaces("columnTypesAreTheDialectsTypeMap")
    void columnTypesAreTheDialectsTypeMapWithBooleanAsTinyint1() throws Exception {
        warehouse().write(row("events", "e1", str("s", "x"), integer("i", 1), number("f", "1.5"),
                bool("b", true), ts("t", "2020-01-01T00:00:00Z")), cache);

        TableSchema read = readSchema("events");
        assertThat(read.columns).containsEntry("s", "text").containsEntry("i", "bigint").containsEntry("f", "double")
                .containsEntry("b", "tinyint(1)").containsEntry("t", "datetime(6)");
        assertThat(dialect().category(read.columns.get("b"))).isEqualTo(DataType.BOOLEAN);
        assertThat(rows("events", EVENT_ID).get(0)).containsEntry("b", true);
    }

    /** The event-id key column is VARCHAR(255) with a binary collation: MySQL cannot index TEXT whole. */
    @Test
    void eventIdKeyIsABinaryVarcharSoIdsDifferingInCaseAreTwoRows() throws Exception {
        var w = warehouse();
        w.write(row("events", "Ab", str("a", "1")), cache);
        w.write(row("events", "ab", str("a", "2")), cache);
        w.write(row("events", "ab", str("a", "3")), cache);

        assertThat(MySqlFixture.get().declaredTypes(schema, "events").get(EVENT_ID)).isEqualTo("varchar(255)");
        assertThat(rows("events", "a")).extracting(r -> r.get("a")).containsExactly("1", "2");
    }
}
