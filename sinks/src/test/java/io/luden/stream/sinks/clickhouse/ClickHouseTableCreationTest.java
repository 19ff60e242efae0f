package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
