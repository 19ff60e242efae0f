package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractPrimaryKeyMismatchTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbPrimaryKeyMismatchTest extends AbstractPrimaryKeyMismatchTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
