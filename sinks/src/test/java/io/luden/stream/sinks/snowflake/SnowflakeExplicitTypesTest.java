package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: explicit types reach the DDL and the casts the dialect sends; the fake assigns values as Snowflake does (NUMBER rounds, so the exact conversion before it is what keeps values unrounded). */
class SnowflakeExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
