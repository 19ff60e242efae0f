package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

class DuckDbTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }
}
