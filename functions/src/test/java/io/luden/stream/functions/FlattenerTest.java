package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlattenerTest {

    private static Map<String, String> flat(String json) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : Flattener.flatten(Events.parse(json)).entrySet()) {
            out.put(e.getKey(), Events.toJson(e.getValue()));
        }
        return out;
    }

    @Test
    void flattensNestedObjectsIntoParentChildColumns() throws Exception {
        assertThat(flat("{\"key1\":\"value1\",\"key8\":{\"sub_key1\":\"event\",\"sub_key2\":123123.3123,"
                + "\"sub_key3\":{\"sub_sub_key1\":[\"1,\",\"2.\"]}},\"key10\":true}"))
                .containsExactly(
                        Map.entry("key1", "\"value1\""),
                        Map.entry("key8_sub_key1", "\"event\""),
                        Map.entry("key8_sub_key2", "123123.3123"),
                        Map.entry("key8_sub_key3_sub_sub_key1", "\"[\\\"1,\\\",\\\"2.\\\"]\""),
                        Map.entry("key10", "true"));
    }

    @Test
    void turnsArraysIntoTheirJsonText() throws Exception {
        Map<String, JsonNode> columns = Flattener.flatten(Events.parse("{\"key5\":[1,2,4,5],\"key4\":[],\"key7\":[1.0,0.8884213]}"));

        assertThat(columns.get("key5").textValue()).isEqualTo("[1,2,4,5]");
        assertThat(columns.get("key4").textValue()).isEqualTo("[]");
        assertThat(columns.get("key7").textValue()).isEqualTo("[1.0,0.8884213]");
    }

    @Test
    void dropsNullsAndEmptyObjects() throws Exception {
        assertThat(flat("{\"key3\":null,\"key6\":{},\"utm\":{\"a\":null,\"b\":{}},\"k\":1}"))
                .containsExactly(Map.entry("k", "1"));
    }

    @Test
    void sanitisesEveryKeyOnEveryLevel() throws Exception {
        assertThat(flat("{\"ke$y1\":\"v\",\"(key3)\":5,\"Key8\":{\"sub)Key1\":\"event\",\"\":2}}"))
                .containsExactly(
                        Map.entry("ke_y1", "\"v\""),
                        Map.entry("_key3_", "5"),
                        Map.entry("key8_sub_key1", "\"event\""),
                        Map.entry("key8__unnamed", "2"));
    }

    @Test
    void letsTheLaterKeyWinWhenTwoKeysBecomeOneColumn() throws Exception {
        assertThat(flat("{\"a\":{\"b\":1},\"a_b\":2}")).containsExactly(Map.entry("a_b", "2"));
        assertThat(flat("{\"a_b\":2,\"a\":{\"b\":1}}")).containsExactly(Map.entry("a_b", "1"));
        assertThat(flat("{\"Name\":\"first\",\"x\":0,\"name\":\"second\"}"))
                .containsExactly(Map.entry("x", "0"), Map.entry("name", "\"second\""));
    }

    @Test
    void keepsNumbersExact() throws Exception {
        assertThat(flat("{\"f\":1.0,\"i\":10128,\"big\":123456789012345678901234567890}"))
                .containsExactly(Map.entry("f", "1.0"), Map.entry("i", "10128"),
                        Map.entry("big", "123456789012345678901234567890"));
    }
}
