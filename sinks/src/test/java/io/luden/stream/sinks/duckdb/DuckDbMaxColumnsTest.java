package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractMaxColumnsTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbMaxColumnsTest extends AbstractMaxColumnsTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
