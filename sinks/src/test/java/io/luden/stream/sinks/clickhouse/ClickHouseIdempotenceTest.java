package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.matrix.AbstractIdempotenceTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.Replaces;
import io.luden.stream.sinks.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

@ExtendWith(Replaces.Condition.class)
class ClickHouseIdempotenceTest extends AbstractIdempotenceTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Test
    @Replaces(value = "upsertKeepsColumnsTheRowDoesNotHave",
            because = "an upsert is a new version of the whole row in a ReplacingMergeTree (as Jitsu's, which writes every column)")
    void upsertIsANewVersionOfTheWholeRow() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("users", "e1", integer("id", 1), str("name", "n"), str("email", "m@x")), cache);
        w.write(row("users", "e2", integer("id", 1), str("name", "n2")), cache);

        assertThat(rows("users", "id")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("name", "n2").containsEntry("email", null));
    }

    @Test
    @Replaces(value = "anotherConstraintOfAUserTableRefusesTheRowAndADuplicateIsStillNoSecondRow",
            because = "ClickHouse has no NOT NULL refusal: a missing non-Nullable column takes its type's default")
    void nonNullableColumnOfAUserTableTakesItsDefaultAndADuplicateIsStillNoSecondRow() throws Exception {
        exec("CREATE DATABASE IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("manual") + " (a String, b Nullable(String), " + dialect().quote(EVENT_ID)
                + " String) ENGINE = ReplacingMergeTree ORDER BY " + dialect().quote(EVENT_ID));
        Warehouse w = warehouse();
        w.write(row("manual", "e1", str("a", "x")), cache);
        w.write(row("manual", "e1", str("a", "y")), cache);
        w.write(row("manual", "e2", str("b", "no a")), cache);

        assertThat(rows("manual", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("x", "");
        assertThat(count("manual")).isEqualTo(2);
    }
}
