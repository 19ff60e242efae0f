package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
