package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.Replaces;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class ClickHouseExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Test
    @Replaces(value = "jitsuIntegerNameCreatesBigintColumnAndCastsANumericString",
            because = "the test names PostgreSQL's bigint; Jitsu's integer is ClickHouse's Int64")
    void jitsuIntegerNameCreatesInt64ColumnAndCastsANumericString() throws Exception {
        warehouse().write(row("t", "e", new Field("n", DataType.STRING, "42", "integer", "integer")), cache);

        assertThat(columnTypes("t").get("n")).isEqualTo("Int64").isEqualTo(dialect().sqlType(DataType.INTEGER));
        assertThat(rows("t", EVENT_ID).get(0)).containsEntry("n", 42L);
    }
}
