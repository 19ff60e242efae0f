package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

class PostgresTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }
}
