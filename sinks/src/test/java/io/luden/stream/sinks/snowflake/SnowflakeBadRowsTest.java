package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What AbstractBatchWriteTest's bad-rows case checks, with refusals Snowflake itself makes (NOT NULL,
 * a VARCHAR(3) too short): the MERGE of the batch fails, the bad rows are isolated and refused alone
 * with the reason their own statement gets, every other row is written. Against the fake, which
 * refuses them with Snowflake's codes (100072, 100074).
 */
class SnowflakeBadRowsTest extends WarehouseTestBase {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    @Test
    void rowsSnowflakeRefusesAreRefusedAloneAndTheOthersWritten() throws Exception {
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("t") + " (" + dialect().quote(EVENT_ID) + " text UNIQUE, req text NOT NULL,"
                + " short varchar(3))");
        Warehouse w = warehouse();
        List<Row> batch = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            batch.add(row("t", "f" + k, str("req", "r"), str("short", "ok")));
        }
        batch.add(20, row("t", "no-req", str("short", "ok")));
        batch.add(30, row("t", "too-long", str("req", "r"), str("short", "toolong")));

        List<RowResult> results = w.write("t", batch, cache);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!results.get(i).isWritten()) {
                assertThat(results.get(i).kind()).isEqualTo(RowResult.Kind.REFUSED);
                refused.add(batch.get(i).eventId());
            }
        }
        assertThat(refused).containsExactly("no-req", "too-long");
        assertThat(results.get(20).reason()).contains("\"t\"").contains("NULL result in a non-nullable column");
        assertThat(results.get(30).reason()).contains("too long");
        assertThat(count("t")).isEqualTo(40);
    }
}
