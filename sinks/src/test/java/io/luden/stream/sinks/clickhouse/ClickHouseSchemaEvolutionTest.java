package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
