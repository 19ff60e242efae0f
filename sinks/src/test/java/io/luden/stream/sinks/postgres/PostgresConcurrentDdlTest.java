package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractConcurrentDdlTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresConcurrentDdlTest extends AbstractConcurrentDdlTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
