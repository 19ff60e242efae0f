package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

class SnowflakeBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    /**
     * Snowflake has no uuid type (CREATE TABLE … uuid fails), so the bad-rows-in-the-middle case cannot
     * be set up; {@link SnowflakeBadRowsTest} checks the same isolation with Snowflake's own refusals.
     */
    @Override
    protected boolean hasUuidType() {
        return false;
    }
}
