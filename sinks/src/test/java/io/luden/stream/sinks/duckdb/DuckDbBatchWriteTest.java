package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
