package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractStaleSchemaRetryTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresStaleSchemaRetryTest extends AbstractStaleSchemaRetryTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
