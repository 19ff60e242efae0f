package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.Replaces;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class ClickHouseTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Test
    @Replaces(value = "explicitSqlTypeWinsOverTheTypeMap",
            because = "SQL's int is ClickHouse's Int32, which information_schema does not call integer")
    void explicitClickHouseTypeWinsOverTheTypeMap() throws Exception {
        warehouse().write(row("events", "e1",
                new Field("small", DataType.INTEGER, 7L, "int", null),
                new Field("amount", DataType.FLOAT, new java.math.BigDecimal("12.25"), "Decimal(38, 18)", null)), cache);

        assertThat(columnTypes("events").get("small")).isEqualTo("Int32");
        assertThat(columnTypes("events").get("amount")).isEqualTo("Decimal(38, 18)");
        assertThat(((Number) rows("events", EVENT_ID).get(0).get("small")).longValue()).isEqualTo(7);
        assertThat(new java.math.BigDecimal(text("events", "amount", "true"))).isEqualByComparingTo("12.25");
    }
}
