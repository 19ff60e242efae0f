package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

class ClickHouseTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
