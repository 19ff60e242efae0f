package io.luden.stream.functions.mapping;

import io.luden.stream.functions.mapping.MappingRule.Action;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up checks of {@code data_layout.mappings.fields}: each error names the rule by index and the field. */
class MappingsValidationTest {

    private static Mappings of(MappingRule... rules) {
        return new Mappings(true, List.of(rules));
    }

    @Test
    void validRulesOfEveryActionPass() {
        Mappings m = of(MappingRule.move("/a", "/b"), MappingRule.remove("/c"), MappingRule.cast("/d", "integer", "bigint"),
                MappingRule.constant("/e", "{\"x\":1}"), new MappingRule(Action.CONSTANT, null, "/f", null, null, null));

        assertThat(m.validate()).isSameAs(m);
    }

    @Test
    void moveWithoutSrcIsRefused() {
        assertThatThrownBy(() -> of(MappingRule.move("/a", "/b"), MappingRule.move(null, "/b")).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data_layout.mappings.fields[1]").hasMessageContaining("src is required");
    }

    @Test
    void removeWithoutSrcIsRefused() {
        assertThatThrownBy(() -> of(MappingRule.remove(" ")).validate())
                .hasMessageContaining("fields[0]").hasMessageContaining("src is required for action remove");
    }

    @Test
    void castWithoutTypeIsRefused() {
        assertThatThrownBy(() -> of(MappingRule.cast("/a", null, null)).validate())
                .hasMessageContaining("fields[0]").hasMessageContaining("type is required for action cast");
    }

    @Test
    void dstIsRequiredExceptForRemove() {
        assertThatThrownBy(() -> of(MappingRule.move("/a", null)).validate()).hasMessageContaining("dst is required");
        assertThatThrownBy(() -> of(MappingRule.constant(null, "1")).validate()).hasMessageContaining("dst is required");
        assertThatThrownBy(() -> of(MappingRule.cast("", "integer", null)).validate()).hasMessageContaining("dst is required");
    }

    @Test
    void constantAndCastNeedNoSrc() {
        assertThat(of(MappingRule.constant("/a", "1"), MappingRule.cast("/b", "text", null)).validate().fields()).hasSize(2);
    }

    @Test
    void badPathIsRefusedNamingTheRuleAndTheField() {
        assertThatThrownBy(() -> of(MappingRule.move("/ok", "/ok"), MappingRule.move("/a", "b")).validate())
                .hasMessageContaining("data_layout.mappings.fields[1]").hasMessageContaining("dst")
                .hasMessageContaining("must look like /field");
        assertThatThrownBy(() -> of(MappingRule.move("/a||", "/b")).validate())
                .hasMessageContaining("fields[0]").hasMessageContaining("src");
    }

    @Test
    void constantValueMustBeJson() {
        assertThatThrownBy(() -> of(MappingRule.constant("/a", "{not json")).validate())
                .hasMessageContaining("fields[0]").hasMessageContaining("value is not valid JSON");
    }

    @Test
    void typeThatIsNotAPlainTypeNameIsRefused() {
        assertThatThrownBy(() -> of(MappingRule.cast("/a", "int; DROP TABLE t", null)).validate())
                .hasMessageContaining("fields[0]").hasMessageContaining("type 'int; DROP TABLE t'");
        assertThatThrownBy(() -> of(MappingRule.cast("/a", "text", "text)--")).validate())
                .hasMessageContaining("column_type");
    }

    @Test
    void fieldMapperValidatesAtConstruction() {
        assertThatThrownBy(() -> new FieldMapper(of(MappingRule.cast("/a", null, null))))
                .hasMessageContaining("data_layout.mappings.fields[0]");
    }

    @Test
    void actionNamesFromTheConfig() {
        assertThat(Action.of("move")).isEqualTo(Action.MOVE);
        assertThat(Action.of(" Constant ")).isEqualTo(Action.CONSTANT);
        assertThatThrownBy(() -> Action.of("rename")).hasMessageContaining("'rename'").hasMessageContaining("move, remove, cast, constant");
    }
}
