package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractConcurrentDdlTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseConcurrentDdlTest extends AbstractConcurrentDdlTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
