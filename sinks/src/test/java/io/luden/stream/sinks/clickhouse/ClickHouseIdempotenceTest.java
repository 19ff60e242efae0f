package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
