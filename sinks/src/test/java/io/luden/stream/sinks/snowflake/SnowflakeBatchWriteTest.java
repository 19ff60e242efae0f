package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
