package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractPrimaryKeyMismatchTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresPrimaryKeyMismatchTest extends AbstractPrimaryKeyMismatchTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
