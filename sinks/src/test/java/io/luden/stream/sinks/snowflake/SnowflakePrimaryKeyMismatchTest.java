package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractPrimaryKeyMismatchTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: the declared keys read back by SHOW PRIMARY / UNIQUE KEYS decide MERGE key or plain INSERT, as the shared writer expects. */
class SnowflakePrimaryKeyMismatchTest extends AbstractPrimaryKeyMismatchTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
