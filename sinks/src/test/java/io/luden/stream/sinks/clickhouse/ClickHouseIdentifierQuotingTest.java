package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

import java.util.List;
import java.util.Map;

class ClickHouseIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }
}
