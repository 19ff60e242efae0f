package io.luden.stream.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small helpers under the loader: durations, env references, near misses. */
class ConfigPartsTest {
    @Test
    void parsesGoStyleDurations() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1h2m3s4ms")).contains(Duration.ofMillis(3_723_004));
        assertThat(Durations.parse(" 90s ")).contains(Duration.ofSeconds(90));
    }

    @Test
    void refusesDurationsWithoutUnitsOrWithOthers() {
        assertThat(Durations.parse("10")).isEmpty();
        assertThat(Durations.parse("10d")).isEmpty();
        assertThat(Durations.parse("1.5s")).isEmpty();
        assertThat(Durations.parse("-1s")).isEmpty();
        assertThat(Durations.parse("")).isEmpty();
        assertThat(Durations.parse("99999999999999999999h")).isEmpty();
    }

    @Test
    void substitutesEveryEnvReferenceOnceLeftToRight() throws Exception {
        Map<String, String> env = Map.of("A", "1", "B", "${env:A}", "EMPTY", "");

        assertThat(EnvReferences.substitute("x${env:A}y${env:A}", env, "k")).isEqualTo("x1y1");
        assertThat(EnvReferences.substitute("${env:B}", env, "k")).isEqualTo("${env:A}");
        assertThat(EnvReferences.substitute("[${env:EMPTY}]", env, "k")).isEqualTo("[]");
        assertThat(EnvReferences.substitute("$HOME ${other}", env, "k")).isEqualTo("$HOME ${other}");
    }

    @Test
    void rejectsMalformedEnvReferencesNamingTheKey() {
        assertThatThrownBy(() -> EnvReferences.substitute("${env:A", Map.of(), "a.b"))
                .hasMessage("a.b: unterminated ${env:...} reference in \"${env:A\"");
        assertThatThrownBy(() -> EnvReferences.substitute("${env:1X}", Map.of(), "a.b"))
                .hasMessage("a.b: '1X' in ${env:1X} is not an environment variable name");
    }

    @Test
    void suggestsOnlyCloseKeys() {
        List<String> keys = List.of("dir", "path", "checkpoint_interval");

        assertThat(NearMiss.closest("dri", keys)).contains("dir");
        assertThat(NearMiss.closest("checkpoint_intervall", keys)).contains("checkpoint_interval");
        assertThat(NearMiss.closest("folder", keys)).isEmpty();
        assertThat(NearMiss.closest("ab", List.of("ui"))).isEmpty();
    }
}
