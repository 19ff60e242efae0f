package io.luden.stream.functions.template;

import io.luden.stream.functions.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Go template subset, on its raw output (before TableNameTemplate trims and sanitises it). */
class GoTemplateTest {

    private static String run(String template, String event) throws Exception {
        return GoTemplate.parse(template).execute(Events.parse(event));
    }

    @Test
    void printsLiteralTextAndNestedFields() throws Exception {
        assertThat(run("a-{{.user.id}}-b", "{\"user\":{\"id\":\"U1\"}}")).isEqualTo("a-U1-b");
        assertThat(run("{{.a.b.c}}", "{\"a\":{\"b\":{\"c\":7}}}")).isEqualTo("7");
        assertThat(run("{{$.a}}", "{\"a\":\"root\"}")).isEqualTo("root");
    }

    @Test
    void printsGoNoValueForMissingAndNull() throws Exception {
        assertThat(run("{{.missing}}", "{}")).isEqualTo("<no value>");
        assertThat(run("{{.a.b.c}}", "{}")).isEqualTo("<no value>");
        assertThat(run("{{.a}}", "{\"a\":null}")).isEqualTo("<no value>");
    }

    @Test
    void printsScalarsAndContainers() throws Exception {
        String e = "{\"s\":\"x y\",\"i\":10128,\"f\":9999999.0,\"t\":true,\"arr\":[1,2],\"o\":{\"k\":1.50}}";

        assertThat(run("{{.s}}|{{.i}}|{{.f}}|{{.t}}|{{.arr}}|{{.o}}", e))
                .isEqualTo("x y|10128|9999999.0|true|[1,2]|{\"k\":1.50}");
    }

    @Test
    void followsGoTruthiness() throws Exception {
        String template = "{{if .v}}T{{else}}F{{end}}";

        for (String falsy : new String[] {"false", "0", "0.0", "\"\"", "{}", "[]", "null"}) {
            assertThat(run(template, "{\"v\":" + falsy + "}")).as(falsy).isEqualTo("F");
        }
        for (String truthy : new String[] {"true", "1", "-0.5", "\"0\"", "{\"a\":1}", "[0]"}) {
            assertThat(run(template, "{\"v\":" + truthy + "}")).as(truthy).isEqualTo("T");
        }
        assertThat(run(template, "{}")).isEqualTo("F");
    }

    @Test
    void chainsElseIfAndNestsIfs() throws Exception {
        String t = "{{if eq .n 1}}one{{else if eq .n 2}}two{{else if .big}}{{if gt .n 100}}huge{{else}}big{{end}}"
                + "{{else}}other{{end}}";

        assertThat(run(t, "{\"n\":1}")).isEqualTo("one");
        assertThat(run(t, "{\"n\":2}")).isEqualTo("two");
        assertThat(run(t, "{\"n\":500,\"big\":true}")).isEqualTo("huge");
        assertThat(run(t, "{\"n\":50,\"big\":true}")).isEqualTo("big");
        assertThat(run(t, "{\"n\":3}")).isEqualTo("other");
    }

    @Test
    void comparesWithEqAgainstAnyOfSeveralValues() throws Exception {
        String t = "{{if eq .e \"a\" \"b\" \"c\"}}in{{else}}out{{end}}";

        assertThat(run(t, "{\"e\":\"b\"}")).isEqualTo("in");
        assertThat(run(t, "{\"e\":\"d\"}")).isEqualTo("out");
        assertThat(run(t, "{}")).isEqualTo("out");
    }

    @Test
    void comparesNumbersNumerically() throws Exception {
        assertThat(run("{{eq .f 1}}", "{\"f\":1.0}")).isEqualTo("true");
        assertThat(run("{{ne .f 1.5}}", "{\"f\":1.50}")).isEqualTo("false");
        assertThat(run("{{lt .a .b}} {{le 2 2}} {{gt 3 2.5}} {{ge -1 0}}", "{\"a\":9,\"b\":10}"))
                .isEqualTo("true true true false");
        assertThat(run("{{lt \"abc\" \"abd\"}}", "{}")).isEqualTo("true");
    }

    @Test
    void treatsDifferentKindsAsUnequalButRefusesToOrderThem() throws Exception {
        assertThat(run("{{eq .n \"1\"}}", "{\"n\":1}")).isEqualTo("false");
        assertThat(run("{{eq .missing nil}}", "{}")).isEqualTo("true");
        assertThatThrownBy(() -> run("{{lt .n \"1\"}}", "{\"n\":1}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("incompatible types for comparison: integer and string");
        assertThatThrownBy(() -> run("{{eq .o 1}}", "{\"o\":{}}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("not comparable");
    }

    @Test
    void returnsTheDecidingOperandFromAndOr() throws Exception {
        assertThat(run("{{or .a .b \"dflt\"}}", "{\"b\":\"B\"}")).isEqualTo("B");
        assertThat(run("{{or .a .b \"dflt\"}}", "{}")).isEqualTo("dflt");
        assertThat(run("{{and .a .b}}", "{\"a\":\"A\",\"b\":\"B\"}")).isEqualTo("B");
        assertThat(run("{{and .a .b}}", "{\"a\":0,\"b\":\"B\"}")).isEqualTo("0");
        assertThat(run("{{not .a}}", "{\"a\":\"\"}")).isEqualTo("true");
    }

    @Test
    void shortCircuitsAndOrLikeGo() throws Exception {
        // the second operand would fail (field of a string) if it were evaluated
        assertThat(run("{{or .a .a.b}}", "{\"a\":\"x\"}")).isEqualTo("x");
        assertThat(run("{{and .missing .s.x}}", "{\"s\":\"str\"}")).isEqualTo("<no value>");
    }

    @Test
    void measuresLengthLikeGo() throws Exception {
        assertThat(run("{{len .s}} {{len .arr}} {{len .o}}", "{\"s\":\"héllo\",\"arr\":[1,2,3],\"o\":{\"a\":1}}"))
                .isEqualTo("6 3 1");
        assertThatThrownBy(() -> run("{{len .n}}", "{\"n\":5}")).hasMessageContaining("len of integer");
    }

    @Test
    void supportsJitsuJsonAndGetHelpers() throws Exception {
        String e = "{\"user\":{\"id\":5,\"tags\":[\"a\"]},\"f\":1.0}";

        assertThat(run("{{json .user}}", e)).isEqualTo("{\"id\":5,\"tags\":[\"a\"]}");
        assertThat(run("{{json .user.id}} {{json .f}} {{json .missing}}", e)).isEqualTo("5 1.0 null");
        assertThat(run("{{get . \"/user/id\" \"none\"}}", e)).isEqualTo("5");
        assertThat(run("{{get . \"/user/name\" \"none\"}}", e)).isEqualTo("none");
        assertThatThrownBy(() -> run("{{get .f \"/a\" 1}}", e)).hasMessageContaining("not an object");
    }

    @Test
    void evaluatesParenthesisedCallsAndPipes() throws Exception {
        String e = "{\"a\":{\"b\":\"deep\"},\"s\":\"abc\"}";

        assertThat(run("{{(get . \"/a\" nil).b}}", e)).isEqualTo("deep");
        assertThat(run("{{.s | len}}", e)).isEqualTo("3");
        assertThat(run("{{.s | eq \"abc\"}}", e)).isEqualTo("true");
        assertThat(run("{{if and (eq .s \"abc\") (not .missing)}}yes{{end}}", e)).isEqualTo("yes");
        assertThat(run("{{index .a \"b\"}}", e)).isEqualTo("deep");
    }

    @Test
    void decodesStringAndNumberLiterals() throws Exception {
        assertThat(run("{{\"tab\\there \\u00e9 \\\"q\\\"\"}}", "{}")).isEqualTo("tab\there é \"q\"");
        assertThat(run("{{`raw \\n {{ stays`}}", "{}")).isEqualTo("raw \\n {{ stays");
        assertThat(run("{{1.50}} {{-3}} {{0x1F}} {{true}}", "{}")).isEqualTo("1.50 -3 31 true");
    }

    @Test
    void trimsWhiteSpaceAtTrimMarkers() throws Exception {
        assertThat(run("a  \n {{- .x -}} \n  b", "{\"x\":\"X\"}")).isEqualTo("aXb");
        assertThat(run("a {{- /* note */ -}} b", "{}")).isEqualTo("ab");
        assertThat(run("a {{/* note */}} b", "{}")).isEqualTo("a  b");
        assertThat(run("{{-3}}", "{}")).isEqualTo("-3");
    }

    @Test
    void callsTimeMethodsOnTimestamp() throws Exception {
        String e = "{\"_timestamp\":\"2020-08-02T18:23:56.291383Z\"}";

        assertThat(run("{{._timestamp.Year}}-{{._timestamp.Day}}", e)).isEqualTo("2020-2");
        assertThat(run("{{._timestamp}}", e)).isEqualTo("2020-08-02 18:23:56.291383 +0000 UTC");
        assertThat(run("{{json ._timestamp}}", e)).isEqualTo("\"2020-08-02T18:23:56.291383Z\"");
    }

    @Test
    void formatsTimestampInUtcWhateverItsOffset() throws Exception {
        assertThat(run("{{._timestamp.Format \"2006_01_02T15\"}}", "{\"_timestamp\":\"2020-08-31T23:30:00-02:00\"}"))
                .isEqualTo("2020_09_01T01");
    }

    @Test
    void formatsLowerCaseAndSpaceSeparatedTimestampsAsTheUpperCaseForm() throws Exception {
        String layout = "{{._timestamp.Format \"2006_01_02T15_04_05.000\"}}";
        for (String ts : new String[] {"2020-08-31T23:30:00.5-02:00", "2020-08-31t23:30:00.5-02:00",
            "2020-08-31 23:30:00.5-02:00", "2020-09-01 01:30:00.5z", "2020-09-01t01:30:00.500Z"}) {
            assertThat(run(layout, "{\"_timestamp\":\"" + ts + "\"}")).as(ts).isEqualTo("2020_09_01T01_30_00.500");
        }
        assertThatThrownBy(() -> run(layout, "{\"_timestamp\":\"2020-09-01\"}"))
                .hasMessageContaining("malformed _timestamp \"2020-09-01\"");
    }

    @Test
    void rejectsArgumentsToFieldsAndLiterals() {
        assertThatThrownBy(() -> run("{{.a \"x\"}}", "{\"a\":1}")).hasMessageContaining("can't take arguments");
        assertThatThrownBy(() -> run("{{\"a\" \"b\"}}", "{}")).hasMessageContaining("can't give argument to non-function");
        assertThatThrownBy(() -> run("{{._timestamp.Format}}", "{\"_timestamp\":\"2020-08-02T18:23:56Z\"}"))
                .hasMessageContaining("Format takes one string layout");
    }

    @Test
    void refusesUnsupportedSyntaxAtParseTime() {
        assertThatThrownBy(() -> GoTemplate.parse("{{$x := .a}}")).hasMessageContaining("variables");
        assertThatThrownBy(() -> GoTemplate.parse("{{with .a}}{{end}}")).hasMessageContaining("{{with}} is not supported");
        assertThatThrownBy(() -> GoTemplate.parse("{{.a")).hasMessageContaining("unclosed action");
        assertThatThrownBy(() -> GoTemplate.parse("{{end}}")).hasMessageContaining("unexpected {{end}}");
        assertThatThrownBy(() -> GoTemplate.parse("{{\"open}}")).hasMessageContaining("unterminated quoted string");
        assertThatThrownBy(() -> GoTemplate.parse("{{(eq .a 1}}")).hasMessageContaining("unclosed left paren");
        assertThatThrownBy(() -> GoTemplate.parse("x\n{{}}")).hasMessageContaining("line 2, column 3")
                .hasMessageContaining("missing value for command");
    }
}
