package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
