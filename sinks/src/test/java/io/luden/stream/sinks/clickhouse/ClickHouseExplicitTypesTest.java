package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
