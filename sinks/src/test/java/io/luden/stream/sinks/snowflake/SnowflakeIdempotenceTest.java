package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
