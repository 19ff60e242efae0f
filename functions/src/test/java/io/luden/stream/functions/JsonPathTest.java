package io.luden.stream.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathTest {
    private static ObjectNode event(String json) throws Exception {
        return Events.parse(json);
    }

    @Test
    void readsTheFirstAlternativeThatExists() throws Exception {
        JsonPath p = JsonPath.parse("/eventn_ctx/user_agent||/user_agent");
        assertThat(p.get(event("{\"user_agent\":\"top\"}")).asText()).isEqualTo("top");
        assertThat(p.get(event("{\"eventn_ctx\":{\"user_agent\":\"ctx\"},\"user_agent\":\"top\"}")).asText()).isEqualTo("ctx");
        assertThat(p.get(event("{\"a\":1}"))).isNull();
    }

    @Test
    void writesWhereTheParentObjectExistsWithoutCreatingOne() throws Exception {
        JsonPath p = JsonPath.parse("/eventn_ctx/location||/location");
        ObjectNode withCtx = event("{\"eventn_ctx\":{}}");
        assertThat(p.set(withCtx, TextNode.valueOf("x"), false)).isTrue();
        assertThat(Events.toJson(withCtx)).isEqualTo("{\"eventn_ctx\":{\"location\":\"x\"}}");
        ObjectNode flat = event("{\"a\":1}");
        assertThat(p.set(flat, TextNode.valueOf("x"), false)).isTrue();
        assertThat(Events.toJson(flat)).isEqualTo("{\"a\":1,\"location\":\"x\"}");
        ObjectNode deep = event("{}");
        assertThat(JsonPath.parse("/a/b").set(deep, TextNode.valueOf("x"), false)).isFalse();
        assertThat(JsonPath.parse("/a/b").set(deep, TextNode.valueOf("x"), true)).isTrue();
        assertThat(Events.toJson(deep)).isEqualTo("{\"a\":{\"b\":\"x\"}}");
    }

    @Test
    void removesAndReturnsTheValue() throws Exception {
        ObjectNode e = event("{\"a\":{\"b\":1,\"c\":2}}");
        assertThat(JsonPath.parse("/a/b").remove(e).asInt()).isEqualTo(1);
        assertThat(Events.toJson(e)).isEqualTo("{\"a\":{\"c\":2}}");
    }

    @Test
    void rejectsPathsThatAreNotSlashSeparated() {
        assertThatThrownBy(() -> JsonPath.parse("a/b")).hasMessageContaining("must look like /field");
        assertThatThrownBy(() -> JsonPath.parse("/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> JsonPath.parse(" ")).hasMessageContaining("empty path");
    }
}
