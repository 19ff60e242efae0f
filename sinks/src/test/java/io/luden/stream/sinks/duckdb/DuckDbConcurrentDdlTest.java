package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractConcurrentDdlTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbConcurrentDdlTest extends AbstractConcurrentDdlTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
