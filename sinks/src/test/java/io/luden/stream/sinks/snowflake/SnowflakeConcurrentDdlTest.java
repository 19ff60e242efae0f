package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractConcurrentDdlTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeConcurrentDdlTest extends AbstractConcurrentDdlTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
