package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractTypeConversionTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: values reach their columns exactly or are refused in Java before the statement; TIMESTAMP_TZ columns get the instant (session TIMEZONE=UTC). */
class SnowflakeTypeConversionTest extends AbstractTypeConversionTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
