package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractPrimaryKeyMismatchTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakePrimaryKeyMismatchTest extends AbstractPrimaryKeyMismatchTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
