package io.luden.stream.functions.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.EventRejectedException;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.ExplicitSqlType;
import io.luden.stream.functions.RowBuilder;
import io.luden.stream.sinks.Row;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMapperTest {

    private static ObjectNode json(String text) throws Exception {
        return Events.parse(text);
    }

    private static FieldMapper mapper(boolean keepUnmapped, MappingRule... rules) {
        return new FieldMapper(new Mappings(keepUnmapped, Arrays.asList(rules)));
    }

    private static ObjectNode map(FieldMapper mapper, String event) throws Exception {
        return mapper.apply(json(event)).event();
    }

    @Test
    void moveCopiesTheValueToDstAndRemovesSrc() throws Exception {
        ObjectNode out = map(mapper(true, MappingRule.move("/a", "/b")), "{\"a\":1,\"c\":2}");

        assertThat(out).isEqualTo(json("{\"c\":2,\"b\":1}"));
    }

    @Test
    void moveToANestedDstCreatesTheObjectsOnTheWay() throws Exception {
        ObjectNode out = map(mapper(true, MappingRule.move("/a", "/x/y/z")), "{\"a\":\"v\"}");

        assertThat(out).isEqualTo(json("{\"x\":{\"y\":{\"z\":\"v\"}}}"));
    }

    @Test
    void moveFromANestedSrcLeavesItsSiblings() throws Exception {
        ObjectNode out = map(mapper(true, MappingRule.move("/ctx/ua", "/user_agent")), "{\"ctx\":{\"ua\":\"m\",\"ip\":\"1\"}}");

        assertThat(out).isEqualTo(json("{\"ctx\":{\"ip\":\"1\"},\"user_agent\":\"m\"}"));
    }

    @Test
    void moveOfAMissingSrcSetsNothing() throws Exception {
        ObjectNode out = map(mapper(true, MappingRule.move("/missing", "/b")), "{\"a\":1}");

        assertThat(out).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void moveReadsTheFirstExistingAlternativeOfAnOrPath() throws Exception {
        FieldMapper m = mapper(true, MappingRule.move("/eventn_ctx/location||/location", "/loc"));

        assertThat(map(m, "{\"location\":\"b\"}")).isEqualTo(json("{\"loc\":\"b\"}"));
        assertThat(map(m, "{\"eventn_ctx\":{\"location\":\"a\"},\"location\":\"b\"}"))
                .isEqualTo(json("{\"eventn_ctx\":{},\"location\":\"b\",\"loc\":\"a\"}"));
    }

    @Test
    void twoMovesOfOneSrcBothGetTheValueAndOnlyThatAlternativeIsRemoved() throws Exception {
        FieldMapper m = mapper(true, MappingRule.move("/a||/b", "/x"), MappingRule.move("/a||/b", "/y"));

        assertThat(map(m, "{\"a\":1,\"b\":2}")).isEqualTo(json("{\"b\":2,\"x\":1,\"y\":1}"));
    }

    @Test
    void moveOfAnObjectCopiesItWhole() throws Exception {
        FieldMapper m = mapper(true, MappingRule.move("/a", "/x"), MappingRule.move("/a/b", "/y"));

        assertThat(map(m, "{\"a\":{\"b\":1,\"c\":2}}")).isEqualTo(json("{\"x\":{\"b\":1,\"c\":2},\"y\":1}"));
    }

    @Test
    void keepUnmappedOverlaysMappedTopLevelKeysOnTheEvent() throws Exception {
        // Jitsu: a mapped top-level key replaces the event's key of that name, nested keys included
        ObjectNode out = map(mapper(true, MappingRule.move("/src", "/ctx/new")), "{\"src\":1,\"ctx\":{\"old\":2},\"k\":3}");

        assertThat(out).isEqualTo(json("{\"ctx\":{\"new\":1},\"k\":3}"));
    }

    @Test
    void keepUnmappedFalseKeepsOnlyMappedFieldsPlusEventIdAndTimestamp() throws Exception {
        FieldMapper m = mapper(false, MappingRule.move("/user/id", "/user_id"));

        ObjectNode out = map(m, "{\"user\":{\"id\":7,\"name\":\"n\"},\"other\":1,"
                + "\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2020-01-01T00:00:00Z\"}");

        assertThat(out).isEqualTo(json("{\"user_id\":7,\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2020-01-01T00:00:00Z\"}"));
        assertThat(m.rules()).endsWith(MappingRule.move(FieldMapper.UNIQUE_ID_PATH, FieldMapper.UNIQUE_ID_PATH),
                MappingRule.move(FieldMapper.TIMESTAMP_PATH, FieldMapper.TIMESTAMP_PATH));
    }

    @Test
    void keepUnmappedFalseKeepsANestedEventIdWhereItWas() throws Exception {
        FieldMapper m = mapper(false, MappingRule.move("/eventn_ctx/utc_time", "/eventn_ctx/utc_time"));

        ObjectNode out = map(m, "{\"eventn_ctx\":{\"event_id\":\"e1\",\"utc_time\":\"t\",\"x\":1},\"_timestamp\":\"ts\"}");

        assertThat(out).isEqualTo(json("{\"eventn_ctx\":{\"utc_time\":\"t\",\"event_id\":\"e1\"},\"_timestamp\":\"ts\"}"));
    }

    @Test
    void idAndTimestampMovesAreNotAddedTwice() {
        FieldMapper m = mapper(false, MappingRule.move("/eventn_ctx_event_id", "/eventn_ctx_event_id"),
                MappingRule.move("/_timestamp", "/_timestamp"));

        assertThat(m.rules()).hasSize(2);
    }

    @Test
    void idAndTimestampMovesAreNotAddedForANonSqlDestinationOrWhenKeepingUnmapped() {
        Mappings strict = new Mappings(false, List.of(MappingRule.move("/a", "/b")));

        assertThat(new FieldMapper(strict, false).rules()).hasSize(1);
        assertThat(mapper(true, MappingRule.move("/a", "/b")).rules()).hasSize(1);
    }

    @Test
    void noRulesPassTheEventUnchangedEvenWhenNotKeepingUnmapped() throws Exception {
        FieldMapper m = mapper(false);

        assertThat(map(m, "{\"a\":1,\"eventn_ctx_event_id\":\"e1\"}")).isEqualTo(json("{\"a\":1,\"eventn_ctx_event_id\":\"e1\"}"));
        assertThat(m.rules()).isEmpty();
    }

    @Test
    void removeDeletesTheNestedPathAtTheEnd() throws Exception {
        FieldMapper m = mapper(true, MappingRule.remove("/a/secret"), MappingRule.move("/a/secret", "/copied"));

        // the move still reads the value: removals happen after all rules
        assertThat(map(m, "{\"a\":{\"secret\":\"s\",\"keep\":1}}")).isEqualTo(json("{\"a\":{\"keep\":1},\"copied\":\"s\"}"));
    }

    @Test
    void removeAppliesToTheMappedObjectWhenNotKeepingUnmapped() throws Exception {
        FieldMapper m = new FieldMapper(new Mappings(false, List.of(MappingRule.move("/a", "/x"),
                MappingRule.remove("/x/secret"))), false);

        assertThat(map(m, "{\"a\":{\"secret\":1,\"b\":2}}")).isEqualTo(json("{\"x\":{\"b\":2}}"));
    }

    @Test
    void removeOfAMissingPathChangesNothing() throws Exception {
        assertThat(map(mapper(true, MappingRule.remove("/a/b/c")), "{\"a\":1}")).isEqualTo(json("{\"a\":1}"));
    }

    @Test
    void constantSetsObjectNumberAndStringValues() throws Exception {
        FieldMapper m = mapper(true, MappingRule.constant("/obj", "{\"k\":[1,2]}"), MappingRule.constant("/n/num", "1.50"),
                MappingRule.constant("/s", "\"text\""));

        ObjectNode out = map(m, "{\"s\":\"old\"}");

        assertThat(out).isEqualTo(json("{\"s\":\"text\",\"obj\":{\"k\":[1,2]},\"n\":{\"num\":1.50}}"));
        assertThat(out.get("n").get("num").decimalValue()).hasToString("1.50");
    }

    @Test
    void constantIsAFreshCopyForEveryEvent() throws Exception {
        FieldMapper m = mapper(true, MappingRule.constant("/obj", "{\"k\":1}"));
        ObjectNode first = map(m, "{}");
        ((ObjectNode) first.get("obj")).put("k", 99);

        assertThat(map(m, "{}")).isEqualTo(json("{\"obj\":{\"k\":1}}"));
    }

    @Test
    void castChangesNoData() throws Exception {
        FieldMapper m = mapper(true, MappingRule.cast("/a", "integer", null));

        assertThat(map(m, "{\"a\":\"42\"}")).isEqualTo(json("{\"a\":\"42\"}"));
    }

    @Test
    void typesAreRegisteredUnderTheFlattenedDstName() {
        FieldMapper m = mapper(true, MappingRule.cast("/a/b", "integer", null),
                new MappingRule(MappingRule.Action.MOVE, "/x", "/Amount/Total-EUR", "numeric(38,18)", "numeric(38,18)", null),
                MappingRule.cast("/j", "text", "jsonb"),
                new MappingRule(MappingRule.Action.CONSTANT, null, "/only/ddl", null, "varchar(10)", "\"v\""),
                MappingRule.move("/untyped", "/u"));

        assertThat(m.sqlTypes()).containsOnlyKeys("a_b", "amount_total_eur", "j", "only_ddl")
                .containsEntry("a_b", ExplicitSqlType.of("integer"))
                .containsEntry("amount_total_eur", ExplicitSqlType.of("numeric(38,18)"))
                .containsEntry("j", new ExplicitSqlType("jsonb", "text"))
                .containsEntry("only_ddl", new ExplicitSqlType("varchar(10)", null));
    }

    @Test
    void laterRuleForTheSameColumnWinsAndOrPathsRegisterEveryAlternative() {
        FieldMapper m = mapper(true, MappingRule.cast("/a", "integer", null), MappingRule.cast("/a", "text", null),
                MappingRule.cast("/ctx/c||/c", "boolean", null));

        assertThat(m.sqlTypes()).containsEntry("a", ExplicitSqlType.of("text"))
                .containsEntry("ctx_c", ExplicitSqlType.of("boolean")).containsEntry("c", ExplicitSqlType.of("boolean"));
    }

    @Test
    void mappedTypesReachTheRowFields() throws Exception {
        FieldMapper m = mapper(true, MappingRule.move("/a/n", "/num", "integer"));
        FieldMapper.Mapped mapped = m.apply(json("{\"a\":{\"n\":\"42\"}}"));

        Row row = RowBuilder.build("t", "id", mapped.event(), 59, mapped.sqlTypes());

        assertThat(row.field("num").sqlType()).isEqualTo("integer");
        assertThat(row.field("num").castType()).isEqualTo("integer");
        assertThat(row.field("num").value()).isEqualTo("42");
    }

    @Test
    void theInputEventIsNotChanged() throws Exception {
        ObjectNode event = json("{\"a\":{\"b\":1},\"c\":2}");
        mapper(true, MappingRule.move("/a/b", "/x"), MappingRule.remove("/c")).apply(event);

        assertThat(event).isEqualTo(json("{\"a\":{\"b\":1},\"c\":2}"));
    }

    @Test
    void dstThroughANonObjectRejectsTheEventNamingTheRule() {
        FieldMapper m = mapper(true, MappingRule.constant("/a", "1"), MappingRule.move("/s", "/a/b"));

        assertThatThrownBy(() -> m.apply(json("{\"s\":\"v\"}")))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("data_layout.mappings.fields[1]").hasMessageContaining("/a/b");
    }

    @Test
    void mapperSurvivesJavaSerialisation() throws Exception {
        FieldMapper m = mapper(true, MappingRule.constant("/c", "{\"k\":1}"), MappingRule.move("/a", "/b", "integer"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        FieldMapper copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (FieldMapper) in.readObject();
        }

        assertThat(map(copy, "{\"a\":1}")).isEqualTo(json("{\"c\":{\"k\":1},\"b\":1}"));
        assertThat(copy.sqlTypes()).containsEntry("b", ExplicitSqlType.of("integer"));
    }
}
