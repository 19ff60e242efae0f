package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractMaxColumnsTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseMaxColumnsTest extends AbstractMaxColumnsTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
