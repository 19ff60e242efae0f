package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractStaleSchemaRetryTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeStaleSchemaRetryTest extends AbstractStaleSchemaRetryTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
