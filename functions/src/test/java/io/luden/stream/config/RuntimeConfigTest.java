package io.luden.stream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** state.backend and retry: how the job keeps state and retries an unreachable warehouse. */
class RuntimeConfigTest {
    @TempDir
    Path dir;

    private LudenConfig load(String top) throws Exception {
        Path file = dir.resolve("luden.yaml");
        Files.writeString(file, top + "destinations:\n  wh: {type: duckdb}\n");
        return ConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void defaultsToHeapStateAndOneSecondDoublingToOneMinute() throws Exception {
        LudenConfig c = load("");
        assertThat(c.stateBackend()).isEqualTo("hashmap");
        assertThat(c.retry().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.retry().max()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.retry().delayMillis(1)).isEqualTo(1000);
        assertThat(c.retry().delayMillis(3)).isEqualTo(4000);
        assertThat(c.retry().delayMillis(7)).isEqualTo(60000);
        assertThat(c.retry().delayMillis(500)).isEqualTo(60000);
    }

    @Test
    void readsRocksDbAndACustomBackoff() throws Exception {
        LudenConfig c = load("state: {backend: RocksDB}\nretry: {initial_backoff: 200ms, max_backoff: 5s}\n");
        assertThat(c.stateBackend()).isEqualTo("rocksdb");
        assertThat(c.retry().delayMillis(1)).isEqualTo(200);
        assertThat(c.retry().delayMillis(10)).isEqualTo(5000);
    }

    @Test
    void refusesAnUnknownBackendAndABackoffThatShrinks() {
        assertThatThrownBy(() -> load("state: {backend: memory}\n"))
                .hasMessage("state.backend: 'memory' is not a state backend (expected hashmap or rocksdb)");
        assertThatThrownBy(() -> load("retry: {initial_backoff: 10s, max_backoff: 1s}\n"))
                .hasMessageStartingWith("retry.max_backoff: max_backoff (PT1S) must not be shorter than initial_backoff (PT10S)");
        assertThatThrownBy(() -> load("retry: {initial: 1s}\n")).hasMessageStartingWith("retry.initial: unknown key");
    }
}
