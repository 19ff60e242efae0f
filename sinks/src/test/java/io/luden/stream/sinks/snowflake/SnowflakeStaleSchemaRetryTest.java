package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractStaleSchemaRetryTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: a table dropped or changed behind the cached schema makes the statement fail (the fake answers 002003 / 000904 as Snowflake does) and the retry against a fresh schema read writes the row. */
class SnowflakeStaleSchemaRetryTest extends AbstractStaleSchemaRetryTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
