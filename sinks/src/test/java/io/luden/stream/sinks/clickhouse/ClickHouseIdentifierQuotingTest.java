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

    /** An upsert table as ReplacingMergeTree makes it: one row per key, the newest ({@code FINAL}); others as they are. */
    @Override
    protected List<Map<String, Object>> rows(String table, String orderBy) {
        return ClickHouseFixture.get().rows(schema, table, orderBy);
    }
}
