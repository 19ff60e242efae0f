package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake, which folds unquoted names to upper case and keeps quoted ones: hostile and reserved names round-trip as Luden names through the quoting rules and the schema read. */
class SnowflakeIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
