package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
