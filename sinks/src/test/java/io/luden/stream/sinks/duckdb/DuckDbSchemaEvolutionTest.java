package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
