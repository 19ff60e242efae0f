package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractMaxColumnsTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.luden.stream.sinks.Warehouse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class MySqlMaxColumnsTest extends AbstractMaxColumnsTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    /** The same as the matrix test, with VARCHAR(50) columns: MySQL's VARCHAR needs a length. */
    @Test
    @Replaces("theLimitIsPerTableAndOnlyCountsColumnsTheTableLacks")
    void theLimitIsPerTableAndOnlyCountsColumnsTheTableLacksWithVarcharLengths() throws Exception {
        Warehouse w = warehouseWithMaxColumns(3);
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("legacy") + " (a VARCHAR(50), b VARCHAR(50), c VARCHAR(50), d VARCHAR(50), "
                + dialect().quote(EVENT_ID) + " VARCHAR(50))");
        w.write(row("legacy", "l1", str("a", "1"), str("d", "1")), cache);
        assertThat(count("legacy")).isEqualTo(1);
        assertThat(refused(w, row("legacy", "l2", str("z", "2")), cache).getMessage())
                .contains("would have 6 columns", "max_columns 3", "5 existing + 1 new", "\"z\"");
        w.write(row("small", "s1", str("a", "1"), str("b", "1")), cache);
        assertThat(columnTypes("small")).hasSize(3);
    }
}
