package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractStaleSchemaRetryTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseStaleSchemaRetryTest extends AbstractStaleSchemaRetryTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
