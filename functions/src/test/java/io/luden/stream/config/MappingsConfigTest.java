package io.luden.stream.config;

import io.luden.stream.functions.mapping.MappingRule;
import io.luden.stream.functions.mapping.MappingRule.Action;
import io.luden.stream.functions.mapping.Mappings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code data_layout.mappings} and Jitsu's legacy {@code data_layout.mapping} list (SPEC §7). */
class MappingsConfigTest {
    private static final String FIELD_0 = "destinations.wh.data_layout.mappings.fields[0]";

    @TempDir
    Path dir;

    private LudenConfig withLayout(Map<String, String> env, String... lines) throws ConfigException {
        StringBuilder yaml = new StringBuilder("destinations:\n  wh:\n    type: duckdb\n    data_layout:\n");
        for (String line : lines) {
            yaml.append("      ").append(line).append('\n');
        }
        return load(dir, yaml.toString(), env);
    }

    private Mappings mappings(String... lines) throws ConfigException {
        return withLayout(Map.of(), lines).destinations().get("wh").dataLayout().mappings();
    }

    /** The one rule of {@code fields: [<rule>]}. */
    private MappingRule rule(String rule) throws ConfigException {
        Mappings m = mappings("mappings: {fields: [" + rule + "]}");
        assertThat(m.fields()).hasSize(1);
        return m.fields().get(0);
    }

    private String constant(String value) throws ConfigException {
        return rule("{dst: /c, action: constant, value: " + value + "}").valueJson();
    }

    private void assertRuleRejected(String rule, String message) {
        assertThatThrownBy(() -> rule(rule))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void readsEveryActionInOrderKeepingUnmappedFieldsByDefault() throws Exception {
        Mappings m = mappings("mappings:", "  fields:",
                "    - {src: /user/id, dst: /user_id, action: move, type: text, column_type: varchar(64)}",
                "    - {src: /user_agent||/eventn_ctx/user_agent, action: remove}",
                "    - {dst: /amount, action: cast, type: 'numeric(12,2)'}",
                "    - {dst: /source, action: constant, value: web}");

        assertThat(m.keepUnmapped()).isTrue();
        assertThat(m.fields()).containsExactly(
                new MappingRule(Action.MOVE, "/user/id", "/user_id", "text", "varchar(64)", null),
                new MappingRule(Action.REMOVE, "/user_agent||/eventn_ctx/user_agent", null, null, null, null),
                new MappingRule(Action.CAST, null, "/amount", "numeric(12,2)", null, null),
                new MappingRule(Action.CONSTANT, null, "/source", null, null, "\"web\""));
    }

    @Test
    void readsKeepUnmappedFalse() throws Exception {
        assertThat(mappings("mappings: {keep_unmapped: false, fields: [{src: /a, dst: /b, action: move}]}")
                .keepUnmapped()).isFalse();
    }

    @Test
    void lowerCasesTheAction() throws Exception {
        assertThat(rule("{src: /a, dst: /b, action: MOVE}").action()).isEqualTo(Action.MOVE);
        assertThat(rule("{dst: /b, action: Constant, value: 1}").action()).isEqualTo(Action.CONSTANT);
    }

    @Test
    void keepsAConstantValueAsWrittenAsJson() throws Exception {
        assertThat(constant("42")).isEqualTo("42");
        assertThat(constant("1.50")).isEqualTo("1.50");
        assertThat(constant("-1e3")).isEqualTo("-1e3");
        assertThat(constant("'42'")).isEqualTo("\"42\"");
        assertThat(constant("\"007\"")).isEqualTo("\"007\"");
        assertThat(constant("true")).isEqualTo("true");
        assertThat(constant("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(constant("{a: 1, b: [x, 2.0, false, null]}")).isEqualTo("{\"a\":1,\"b\":[\"x\",2.0,false,null]}");
        assertThat(constant("null")).isEqualTo("null");
        assertThat(rule("{dst: /c, action: constant}").valueJson()).isEqualTo("null");
    }

    @Test
    void substitutesEnvironmentVariablesInAConstantString() throws Exception {
        Mappings m = withLayout(Map.of("REGION", "eu-1"),
                "mappings: {fields: [{dst: /region, action: constant, value: '${env:REGION}'}]}")
                .destinations().get("wh").dataLayout().mappings();

        assertThat(m.fields().get(0).valueJson()).isEqualTo("\"eu-1\"");
    }

    @Test
    void writesAYamlNumberJsonCannotSpellAsItsValue() throws Exception {
        assertThat(constant("+12")).isEqualTo("12");
        assertThat(constant("0x1F")).isEqualTo("31");
    }

    @Test
    void warnsOfAValueOnAnotherAction() throws Exception {
        LudenConfig c = withLayout(Map.of(), "mappings: {fields: [{src: /a, dst: /b, action: move, value: 1}]}");

        assertThat(c.destinations().get("wh").dataLayout().mappings().fields().get(0).valueJson()).isNull();
        assertThat(c.warnings()).containsExactly(FIELD_0 + ".value: ignored: only action constant uses a value.");
    }

    @Test
    void rejectsAnUnknownActionListingTheValidOnes() {
        assertRuleRejected("{src: /a, dst: /b, action: copy}",
                FIELD_0 + ".action: 'copy' is not a mapping action (expected one of: move, remove, cast, constant)");
        assertRuleRejected("{src: /a, dst: /b}", FIELD_0 + ": missing required key 'action'");
    }

    @Test
    void rejectsRulesMissingWhatTheirActionNeeds() {
        assertRuleRejected("{dst: /b, action: move}", FIELD_0 + ": missing required key 'src' (action move)");
        assertRuleRejected("{src: /a, action: move}", FIELD_0 + ": missing required key 'dst' (action move)");
        assertRuleRejected("{action: remove}", FIELD_0 + ": missing required key 'src' (action remove)");
        assertRuleRejected("{type: int, action: cast}", FIELD_0 + ": missing required key 'dst' (action cast)");
        assertRuleRejected("{dst: /b, action: cast}", FIELD_0 + ": missing required key 'type' (action cast"
                + " declares the SQL type of dst)");
        assertRuleRejected("{value: 1, action: constant}", FIELD_0 + ": missing required key 'dst' (action constant)");
        assertRuleRejected("{src: '', dst: /b, action: move}", FIELD_0 + ": missing required key 'src' (action move)");
    }

    @Test
    void rejectsPathsThatDoNotStartWithASlash() {
        assertRuleRejected("{src: a, dst: /b, action: move}",
                FIELD_0 + ".src: path 'a': 'a' must look like /field or /parent/field");
        assertRuleRejected("{src: /a, dst: '/b||c', action: move}",
                FIELD_0 + ".dst: path '/b||c': 'c' must look like /field or /parent/field");
    }

    @Test
    void rejectsUnknownRuleKeysAndRulesOfTheWrongShape() {
        assertRuleRejected("{src: /a, dst: /b, action: move, colum_type: text}",
                FIELD_0 + ".colum_type: unknown key (did you mean 'column_type'?)");
        assertRuleRejected("'/a -> /b'", FIELD_0 + ": expected a rule {src, dst, action, type, column_type, value},"
                + " got \"/a -> /b\"");
        assertThatThrownBy(() -> mappings("mappings: [{src: /a, dst: /b, action: move}]"))
                .hasMessage("destinations.wh.data_layout.mappings: expected a map, got a list");
        assertThatThrownBy(() -> mappings("mappings: {keep_unmaped: true}"))
                .hasMessage("destinations.wh.data_layout.mappings.keep_unmaped: unknown key (did you mean 'keep_unmapped'?)");
    }

    @Test
    void ignoresMappingsWithoutFieldsWithAWarning() throws Exception {
        LudenConfig c = withLayout(Map.of(), "mappings: {keep_unmapped: false, fields: []}");

        assertThat(c.destinations().get("wh").dataLayout().mappings()).isNull();
        assertThat(c.warnings()).containsExactly("destinations.wh.data_layout.mappings: ignored: it has no fields,"
                + " so events are not mapped.");
    }

    @Test
    void convertsJitsusLegacyMappingList() throws Exception {
        Mappings m = mappings("mapping:", "  - /a -> /b", "  - '/a/x -> (integer) /b/x'", "  - /c ->",
                "  - ' /d/e->(double precision)/f '");

        assertThat(m.keepUnmapped()).isTrue();
        assertThat(m.fields()).containsExactly(
                new MappingRule(Action.MOVE, "/a", "/b", null, null, null),
                new MappingRule(Action.MOVE, "/a/x", "/b/x", "integer", null, null),
                new MappingRule(Action.REMOVE, "/c", null, null, null, null),
                new MappingRule(Action.MOVE, "/d/e", "/f", "double precision", null, null));
    }

    @Test
    void convertsTheStrictMappingTypeToKeepUnmappedFalse() throws Exception {
        assertThat(mappings("mapping: ['/a -> /b']", "mapping_type: strict").keepUnmapped()).isFalse();
        assertThat(mappings("mapping: ['/a -> /b']", "mapping_type: default").keepUnmapped()).isTrue();
    }

    @Test
    void rejectsAnUnknownMappingType() {
        assertThatThrownBy(() -> mappings("mapping: ['/a -> /b']", "mapping_type: loose"))
                .hasMessage("destinations.wh.data_layout.mapping_type: 'loose' is not a mapping type (expected strict,"
                        + " or default to keep unmapped fields)");
    }

    @Test
    void rejectsMalformedLegacyMappings() {
        // the mapping package parses the lines; the loader reports its reason at the list item
        String path = "destinations.wh.data_layout.mapping[0]";
        assertThatThrownBy(() -> mappings("mapping: ['/a']"))
                .hasMessageStartingWith(path + ": '/a': expected exactly one '->'; use ");
        assertThatThrownBy(() -> mappings("mapping: ['/a -> /b -> /c']"))
                .hasMessageStartingWith(path + ": '/a -> /b -> /c': expected exactly one '->'");
        assertThatThrownBy(() -> mappings("mapping: [' -> /b']"))
                .hasMessageStartingWith(path + ": ' -> /b': the source before '->' is empty");
        assertThatThrownBy(() -> mappings("mapping: ['/a -> (integer /b']"))
                .hasMessageStartingWith(path + ": '/a -> (integer /b': unbalanced parentheses around the type");
        assertThatThrownBy(() -> mappings("mapping: ['/a -> () /b']"))
                .hasMessageStartingWith(path + ": '/a -> () /b': the type in parentheses is empty");
        assertThatThrownBy(() -> mappings("mapping: ['/a -> (integer)']"))
                .hasMessageStartingWith(path + ": '/a -> (integer)': a type needs a destination after it");
        assertThatThrownBy(() -> mappings("mapping: ['a -> /b']"))
                .hasMessageStartingWith(path + ": ").hasMessageContaining("'a'");
    }

    @Test
    void rejectsBothMappingsAndTheLegacyMapping() {
        assertThatThrownBy(() -> mappings("mappings: {fields: [{src: /a, dst: /b, action: move}]}",
                "mapping: ['/a -> /b']"))
                .hasMessage("destinations.wh.data_layout.mappings and destinations.wh.data_layout.mapping are both"
                        + " set; mapping is Jitsu's deprecated form of mappings, keep one");
    }

    @Test
    void warnsOfAMappingTypeWithoutTheLegacyList() throws Exception {
        LudenConfig c = withLayout(Map.of(), "mappings: {fields: [{src: /a, dst: /b, action: move}]}",
                "mapping_type: strict");

        assertThat(c.destinations().get("wh").dataLayout().mappings().keepUnmapped()).isTrue();
        assertThat(c.warnings()).containsExactly("destinations.wh.data_layout.mapping_type: ignored: it applies to"
                + " the deprecated data_layout.mapping list only; mappings has keep_unmapped.");
    }

    @Test
    void hasNoMappingsByDefault() throws Exception {
        assertThat(load(dir, YamlFiles.ONE_DESTINATION).destinations().get("wh").dataLayout().mappings()).isNull();
        assertThat(mappings("mapping: []")).isNull();
    }
}
