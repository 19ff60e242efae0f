package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
