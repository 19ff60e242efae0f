package io.luden.stream.functions;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationKeysTest {
    private static final int MAX_PARALLELISM = 128;

    /** subtask → destinations on it, as Flink assigns the keys. */
    private static Map<Integer, List<String>> subtasks(DestinationKeys keys, List<String> ids, int parallelism) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (String id : ids) {
            int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(keys.keyOf(id), MAX_PARALLELISM, parallelism);
            out.computeIfAbsent(subtask, s -> new ArrayList<>()).add(id);
        }
        return out;
    }

    @Test
    void twoDestinationsThatHashingPutsTogetherGetASubtaskEach() {
        List<String> ids = List.of("pg_web", "pg_all");
        // what plain hashing of the ids does: both on subtask 0 of 2 and of 4
        assertThat(KeyGroupRangeAssignment.assignKeyToParallelOperator("pg_web", MAX_PARALLELISM, 2))
                .isEqualTo(KeyGroupRangeAssignment.assignKeyToParallelOperator("pg_all", MAX_PARALLELISM, 2));

        DestinationKeys keys = DestinationKeys.spread(ids, MAX_PARALLELISM);
        assertThat(subtasks(keys, ids, 2)).isEqualTo(Map.of(0, List.of("pg_web"), 1, List.of("pg_all")));
        assertThat(subtasks(keys, ids, 4)).hasSize(2);
        assertThat(subtasks(keys, ids, 1)).isEqualTo(Map.of(0, ids));
    }

    @Test
    void destinationsAreSpreadEvenlyAtEveryParallelism() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f");
        DestinationKeys keys = DestinationKeys.spread(ids, MAX_PARALLELISM);
        for (int p = 1; p <= 8; p++) {
            Map<Integer, List<String>> spread = subtasks(keys, ids, p);
            int most = spread.values().stream().mapToInt(List::size).max().orElseThrow();
            int least = p > ids.size() ? 1 : spread.size() < p ? 0 : spread.values().stream().mapToInt(List::size).min().orElseThrow();
            assertThat(most - least).as("parallelism %d: %s", p, spread).isLessThanOrEqualTo(1);
            assertThat(spread).hasSize(Math.min(p, ids.size()));
        }
    }

    @Test
    void keysNameTheirDestinationAndStayTheSameForTheSameConfiguration() {
        DestinationKeys keys = DestinationKeys.spread(List.of("web/x", "dwh"), MAX_PARALLELISM);
        assertThat(keys.keyOf("dwh")).startsWith("dwh/");
        assertThat(DestinationKeys.destinationOf(keys.keyOf("dwh"))).isEqualTo("dwh");
        // a key from before keys were spread is the plain id
        assertThat(DestinationKeys.destinationOf("dwh")).isEqualTo("dwh");
        assertThat(DestinationKeys.spread(List.of("web/x", "dwh"), MAX_PARALLELISM).keyOf("dwh")).isEqualTo(keys.keyOf("dwh"));
        assertThatThrownBy(() -> keys.keyOf("other")).hasMessageContaining("no key for destination other");
    }
}
