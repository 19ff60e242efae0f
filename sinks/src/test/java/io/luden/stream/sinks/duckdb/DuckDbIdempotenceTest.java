package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
