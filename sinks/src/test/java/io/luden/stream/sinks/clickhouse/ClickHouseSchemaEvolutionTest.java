package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.Replaces;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class ClickHouseSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Test
    @Replaces(value = "addedColumnTakesTheExplicitSqlType",
            because = "SQL's int is ClickHouse's Int32, which information_schema does not call integer")
    void addedColumnTakesTheExplicitClickHouseType() throws Exception {
        io.luden.stream.sinks.Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        w.write(row("events", "e2", new Field("small", DataType.INTEGER, 3L, "int", null)), cache);

        assertThat(columnTypes("events").get("small")).isEqualTo("Int32");
        assertThat(((Number) rows("events", EVENT_ID).get(1).get("small")).longValue()).isEqualTo(3);
    }
}
