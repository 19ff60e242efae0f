package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractMaxColumnsTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: max_columns refusals happen before any DDL is sent. */
class SnowflakeMaxColumnsTest extends AbstractMaxColumnsTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
