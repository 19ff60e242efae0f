package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.testing.TestData;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void keepsFloatScaleSoOnePointZeroStaysAFloat() throws Exception {
        ObjectNode event = Events.parse("{\"a\":1.0,\"b\":50.0,\"c\":9999999.0,\"d\":40.7809}");

        assertThat(event.get("a").isIntegralNumber()).isFalse();
        assertThat(event.get("a").decimalValue()).isEqualTo(new BigDecimal("1.0"));
        assertThat(event.get("c").decimalValue().scale()).isEqualTo(1);
        assertThat(Events.toJson(event)).isEqualTo("{\"a\":1.0,\"b\":50.0,\"c\":9999999.0,\"d\":40.7809}");
    }

    @Test
    void keepsIntegersExactIncludingBeyondLong() throws Exception {
        ObjectNode event = Events.parse("{\"small\":10128,\"big\":9223372036854775807,\"huge\":123456789012345678901234567890}");

        assertThat(event.get("small").isInt()).isTrue();
        assertThat(event.get("big").isLong()).isTrue();
        assertThat(event.get("huge").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Events.toJson(event))
                .isEqualTo("{\"small\":10128,\"big\":9223372036854775807,\"huge\":123456789012345678901234567890}");
    }

    @Test
    void writesCompactJsonWithUnicodeIntact() throws Exception {
        ObjectNode event = Events.parse("{ \"name\" : \"Странное Имя\" ,\n \"list\": [1, 2] }");

        assertThat(Events.toJson(event)).isEqualTo("{\"name\":\"Странное Имя\",\"list\":[1,2]}");
    }

    @Test
    void rejectsAnArrayNamingWhatItFound() {
        assertThatThrownBy(() -> Events.parse("[{\"a\":1}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a JSON object")
                .hasMessageContaining("array");
    }

    @Test
    void rejectsAScalarNamingWhatItFound() {
        assertThatThrownBy(() -> Events.parse("42"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("integer");
    }

    @Test
    void rejectsInvalidJsonWithTheParserReasonAndColumn() {
        assertThatThrownBy(() -> Events.parse("{\"a\": 1,"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("column");
    }

    @Test
    void rejectsAnUnpairedSurrogateEscapeInAValueOrKeyNamingWhere() {
        assertThatThrownBy(() -> Events.parse("{\"a\":{\"b\":[1,\"x\\ud800y\"]}}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("invalid JSON: the value at /a/b/1 holds an unpaired surrogate escape"
                        + " (\\ud800-\\udfff without its pair), which is not Unicode text");
        assertThatThrownBy(() -> Events.parse("{\"k\\udc00\":1}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("invalid JSON: the key at /k");
        assertThatThrownBy(() -> Events.parse("{\"a\":\"\\ud83c\"}"))
                .isInstanceOf(MalformedEventException.class); // a high surrogate at the end
    }

    @Test
    void keepsAPairedSurrogateEscapeAndLiteralEmoji() throws Exception {
        assertThat(Events.parse("{\"a\":\"\\ud83c\\udf89 \uD83C\uDF89\",\"b\":\"\\u00e9\"}").get("a").textValue())
                .isEqualTo("\uD83C\uDF89 \uD83C\uDF89");
    }

    @Test
    void rejectsTrailingGarbageAfterTheObject() {
        assertThatThrownBy(() -> Events.parse("{\"a\":1} {\"b\":2}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("invalid JSON: ");
    }

    @Test
    void rejectsTheMalformedJitsuFixture() throws Exception {
        String text = java.nio.file.Files.readString(
                TestData.path("jitsu/server/test_data/malformed_input.json"));

        assertThatThrownBy(() -> Events.parse(text)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void rejectsABlankLine() {
        assertThatThrownBy(() -> Events.parse("  ")).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("empty line");
    }
}
