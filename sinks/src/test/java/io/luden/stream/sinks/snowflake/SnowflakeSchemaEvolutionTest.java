package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractSchemaEvolutionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: ADD COLUMN for new fields, old rows NULL, existing column types kept (read back from information_schema.columns). */
class SnowflakeSchemaEvolutionTest extends AbstractSchemaEvolutionTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    /** INT is NUMBER(38,0) in Snowflake, read as its synonym BIGINT. */
    @Override
    protected String reportedIntType() {
        return "bigint";
    }
}
