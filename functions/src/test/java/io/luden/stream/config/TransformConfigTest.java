package io.luden.stream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code data_layout.transform}, {@code transform_enabled}, {@code transform_timeout}, and their clash with mappings (SPEC §7). */
class TransformConfigTest {
    private static final String MOVE_RULE = "mappings: {fields: [{src: /a, dst: /b, action: move}]}";

    @TempDir
    Path dir;

    private LudenConfig withLayout(String... lines) throws ConfigException {
        return withLayout(Map.of(), lines);
    }

    private LudenConfig withLayout(Map<String, String> env, String... lines) throws ConfigException {
        StringBuilder yaml = new StringBuilder("destinations:\n  wh:\n    type: duckdb\n    data_layout:\n");
        for (String line : lines) {
            yaml.append("      ").append(line).append('\n');
        }
        return load(dir, yaml.toString(), env);
    }

    private DataLayout layout(String... lines) throws ConfigException {
        return withLayout(lines).destinations().get("wh").dataLayout();
    }

    @Test
    void readsTheTransformBodyWithTheDefaultTimeout() throws Exception {
        DataLayout l = layout("transform: |", "  if (!$.user) return null;", "  $[TABLE_NAME] = 'users';",
                "  return $;");

        assertThat(l.transform()).isEqualTo("if (!$.user) return null;\n$[TABLE_NAME] = 'users';\nreturn $;\n");
        assertThat(l.transformTimeout()).isEqualTo(Duration.ofSeconds(1)).isEqualTo(DataLayout.DEFAULT_TRANSFORM_TIMEOUT);
        assertThat(l.mappings()).isNull();
    }

    @Test
    void readsTheTransformTimeout() throws Exception {
        assertThat(layout("transform: return [$, $]", "transform_timeout: 250ms").transformTimeout())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(layout("transform_timeout: 1m30s").transformTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsATransformTimeoutWithoutUnitOrOfZero() {
        assertThatThrownBy(() -> layout("transform_timeout: 2"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("destinations.wh.data_layout.transform_timeout: expected a duration with a unit such as"
                        + " 500ms, 10s, 1m30s or 1h, got 2");
        assertThatThrownBy(() -> layout("transform_timeout: 0s"))
                .hasMessage("destinations.wh.data_layout.transform_timeout: must be greater than zero, got \"0s\"");
    }

    @Test
    void treatsAnEmptyTransformAsNone() throws Exception {
        assertThat(layout("transform: ''").transform()).isNull();
        assertThat(layout("transform:").transform()).isNull();
        assertThat(layout("transform: '   '").transform()).isNull();
    }

    @Test
    void treatsJitsusDefaultTransformAsNone() throws Exception {
        assertThat(layout("transform: return $").transform()).isNull();
        assertThat(layout("transform: \"return $\\n\"").transform()).isNull();
    }

    @Test
    void ignoresTheTransformSilentlyWhenTransformEnabledIsFalse() throws Exception {
        LudenConfig c = withLayout("transform_enabled: false", "transform: return null");

        assertThat(c.destinations().get("wh").dataLayout().transform()).isNull();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void needsNoEnvironmentVariableOfADisabledTransform() throws Exception {
        assertThat(layout("transform_enabled: false", "transform: \"return ${env:NOT_SET}\"").transform()).isNull();
    }

    @Test
    void substitutesEnvironmentVariablesInTheTransform() throws Exception {
        LudenConfig c = withLayout(Map.of("STAGE", "test"), "transform: \"$.stage = '${env:STAGE}'; return $\"");

        assertThat(c.destinations().get("wh").dataLayout().transform()).isEqualTo("$.stage = 'test'; return $");
    }

    @Test
    void keepsTheTransformWhenTransformEnabledIsTrue() throws Exception {
        assertThat(layout("transform_enabled: true", "transform: return null").transform()).isEqualTo("return null");
    }

    @Test
    void rejectsATransformThatIsNotAString() {
        assertThatThrownBy(() -> layout("transform: [return $]"))
                .hasMessage("destinations.wh.data_layout.transform: expected a string, got a list");
        assertThatThrownBy(() -> layout("transform_enabled: maybe", "transform: return $"))
                .hasMessage("destinations.wh.data_layout.transform_enabled: expected true or false, got \"maybe\"");
    }

    @Test
    void rejectsMappingsTogetherWithATransformNamingBothKeys() {
        assertThatThrownBy(() -> layout(MOVE_RULE, "transform: return [$]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("destinations.wh.data_layout.mappings and destinations.wh.data_layout.transform cannot be"
                        + " used together (SPEC §7): the transform can do what the mapping rules do; keep one, or set"
                        + " transform_enabled: false");
        assertThatThrownBy(() -> layout("mapping: ['/a -> /b']", "transform: return [$]"))
                .hasMessage("destinations.wh.data_layout.mapping and destinations.wh.data_layout.transform cannot be"
                        + " used together (SPEC §7): the transform can do what the mapping rules do; keep one, or set"
                        + " transform_enabled: false");
    }

    @Test
    void acceptsMappingsWithJitsusDefaultTransform() throws Exception {
        DataLayout l = layout(MOVE_RULE, "transform: return $");

        assertThat(l.transform()).isNull();
        assertThat(l.mappings().fields()).hasSize(1);
    }

    @Test
    void acceptsMappingsWithADisabledTransform() throws Exception {
        DataLayout l = layout(MOVE_RULE, "transform_enabled: false", "transform: return [$]");

        assertThat(l.transform()).isNull();
        assertThat(l.mappings().fields()).hasSize(1);
    }

    @Test
    void acceptsATransformWithMappingsThatHaveNoFields() throws Exception {
        LudenConfig c = withLayout("mappings: {keep_unmapped: false}", "transform: return [$]");

        assertThat(c.destinations().get("wh").dataLayout().transform()).isEqualTo("return [$]");
        assertThat(c.destinations().get("wh").dataLayout().mappings()).isNull();
        assertThat(c.warnings()).containsExactly("destinations.wh.data_layout.mappings: ignored: it has no fields,"
                + " so events are not mapped.");
    }
}
