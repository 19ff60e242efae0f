package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractStaleSchemaRetryTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbStaleSchemaRetryTest extends AbstractStaleSchemaRetryTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
