package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
