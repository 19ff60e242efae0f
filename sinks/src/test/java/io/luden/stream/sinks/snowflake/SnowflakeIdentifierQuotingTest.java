package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
