package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
