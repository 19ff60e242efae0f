package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: a batch is written by one MERGE (or INSERT … SELECT) with every value bound, and ends in the same rows, column types and refusals as the same rows one by one; bad rows are isolated by bisection; a commit lost mid-batch leaves nothing (the fake rolls back a closed session, as Snowflake does). */
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
    protected String[] uncategorisedType() {
        return null;
    }
}
