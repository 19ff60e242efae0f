package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Warehouse;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class MySqlSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    /** MySQL names the SQL type {@code int} "int" (PostgreSQL: "integer"); the added column still takes it. */
    @Test
    @Replaces("addedColumnTakesTheExplicitSqlType")
    void addedColumnTakesTheExplicitSqlTypeAsMySqlNamesIt() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        w.write(row("events", "e2", new Field("small", DataType.INTEGER, 3L, "int", null)), cache);

        assertThat(columnTypes("events").get("small").toLowerCase(Locale.ROOT)).isEqualTo("int");
        assertThat(((Number) rows("events", EVENT_ID).get(1).get("small")).longValue()).isEqualTo(3);
    }
}
