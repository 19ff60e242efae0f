package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractConcurrentDdlTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: two writers racing on CREATE TABLE / ADD COLUMN IF NOT EXISTS both succeed, and "already exists" is recognised by vendor code (002002). */
class SnowflakeConcurrentDdlTest extends AbstractConcurrentDdlTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
