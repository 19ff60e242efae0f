package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake, which like Snowflake never enforces keys: replays and reruns add no row only because the dialect MERGEs on the declared key; upserts update by MERGE; user tables without a key get plain INSERTs. */
class SnowflakeIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }
}
