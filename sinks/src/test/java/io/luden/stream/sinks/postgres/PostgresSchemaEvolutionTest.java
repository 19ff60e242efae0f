package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
