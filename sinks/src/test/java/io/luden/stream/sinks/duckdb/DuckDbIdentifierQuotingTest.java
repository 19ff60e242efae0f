package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
