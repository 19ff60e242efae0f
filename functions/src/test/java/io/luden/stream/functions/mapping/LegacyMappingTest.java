package io.luden.stream.functions.mapping;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jitsu's {@code data_layout.mapping} lines and {@code mapping_type: strict}. */
class LegacyMappingTest {

    @Test
    void convertsMoveTypedMoveAndRemoveLines() {
        Mappings m = Mappings.fromLegacy(List.of("/a -> /b", "/c/d -> (integer) /e/f", "/g ->"), false);

        assertThat(m.keepUnmapped()).isTrue();
        assertThat(m.fields()).containsExactly(
                MappingRule.move("/a", "/b"),
                MappingRule.move("/c/d", "/e/f", "integer"),
                MappingRule.remove("/g"));
    }

    @Test
    void strictMappingTypeMeansKeepUnmappedFalse() {
        assertThat(Mappings.fromLegacy(List.of("/a -> /b"), true).keepUnmapped()).isFalse();
    }

    @Test
    void spacingDoesNotMatterAroundPartsButTypesKeepTheirInnerSpaces() {
        Mappings m = Mappings.fromLegacy(List.of("  /a->/b ", "/x ->(double precision)/y", "/n -> ( numeric(38,18) ) /m",
                "/r->"), false);

        assertThat(m.fields()).containsExactly(
                MappingRule.move("/a", "/b"),
                MappingRule.move("/x", "/y", "double precision"),
                MappingRule.move("/n", "/m", "numeric(38,18)"),
                MappingRule.remove("/r"));
    }

    @Test
    void typedLegacyLineDeclaresTheColumnTypeUnderTheFlattenedName() {
        FieldMapper mapper = new FieldMapper(Mappings.fromLegacy(List.of("/c/d -> (integer) /e/f"), false));

        assertThat(mapper.sqlTypes()).containsOnlyKeys("e_f");
        assertThat(mapper.sqlTypes().get("e_f").castType()).isEqualTo("integer");
    }

    @Test
    void lineWithoutArrowIsRefusedNamingIt() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> /b", "/a /b"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data_layout.mapping[1]").hasMessageContaining("'/a /b'").hasMessageContaining("->");
    }

    @Test
    void lineWithTwoArrowsIsRefused() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> /b -> /c"), false))
                .hasMessageContaining("data_layout.mapping[0]").hasMessageContaining("exactly one '->'");
    }

    @Test
    void emptySourceIsRefused() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of(" -> /b"), false))
                .hasMessageContaining("data_layout.mapping[0]").hasMessageContaining("source");
    }

    @Test
    void typeWithoutDestinationIsRefused() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> (integer)"), false))
                .hasMessageContaining("data_layout.mapping[0]").hasMessageContaining("destination");
    }

    @Test
    void unbalancedOrMisplacedParenthesesAreRefused() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> (integer /b"), false))
                .hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> /b (integer)"), false))
                .hasMessageContaining("before the destination");
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> () /b"), false))
                .hasMessageContaining("empty");
    }

    @Test
    void badPathIsRefusedNamingTheLineAndTheField() {
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> /b", "a -> /b"), false))
                .hasMessageContaining("data_layout.mapping[1]").hasMessageContaining("src");
        assertThatThrownBy(() -> Mappings.fromLegacy(List.of("/a -> /b//c"), false))
                .hasMessageContaining("data_layout.mapping[0]").hasMessageContaining("dst").hasMessageContaining("empty segment");
    }

    @Test
    void noLinesMakeNoRules() {
        assertThat(Mappings.fromLegacy(List.of(), false).fields()).isEmpty();
    }
}
