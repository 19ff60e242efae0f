package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: the DDL the dialect sends creates the columns, types and declared keys it should, read back through the driver. */
class SnowflakeTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    /** INT is NUMBER(38,0) in Snowflake (information_schema: NUMBER, precision 38, scale 0), which the dialect reads as its synonym BIGINT. */
    @Override
    protected String reportedIntType() {
        return "bigint";
    }
}
