package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractMaxColumnsTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresMaxColumnsTest extends AbstractMaxColumnsTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
