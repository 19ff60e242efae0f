package io.luden.stream.functions.template;

import io.luden.stream.functions.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.template.TableNameTemplate.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TableNameTemplateTest {

    private static ObjectNode event(String json) throws Exception {
        return Events.parse(json);
    }

    private static String table(String template, String json) throws Exception {
        return TableNameTemplate.parse(template).evaluate(event(json));
    }

    @Test
    void usesEventsWhenTemplateIsUnsetOrEmpty() throws Exception {
        for (String unset : new String[] {null, "", "   "}) {
            TableNameTemplate t = TableNameTemplate.parse(unset);
            assertThat(t.kind()).isEqualTo(Kind.CONSTANT);
            assertThat(t.evaluate(event("{\"event_type\":\"x\"}"))).isEqualTo("events");
        }
    }

    @Test
    void treatsPlainIdentifiersAsSanitisedConstants() throws Exception {
        assertThat(TableNameTemplate.parse("web.pageviews").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(table("web.pageviews", "{}")).isEqualTo("web_pageviews");
        assertThat(table("table_name", "{}")).isEqualTo("table_name");
        assertThat(table("data_base.table1", "{}")).isEqualTo("data_base_table1");
        assertThat(table("Events$2#", "{}")).isEqualTo("events_2_");
    }

    @Test
    void treatsQuotedPartsAndUrlsAsConstantsLikeJitsu() throws Exception {
        assertThat(TableNameTemplate.parse("\"table name\"").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(table("\"table name\"", "{}")).isEqualTo("_table_name_");
        assertThat(TableNameTemplate.parse("\"data base\".\"table1\"").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(TableNameTemplate.parse("https://example.com/123/abc123").kind()).isEqualTo(Kind.CONSTANT);
    }

    @Test
    void recognisesJavaScript() throws Exception {
        for (String js : new String[] {"$.event_type + \"_\" + $.src",
            "if (true) {var a = function(){ metric_type }} return $.metric_type"}) {
            assertThat(TableNameTemplate.parse(js).kind()).as(js).isEqualTo(Kind.JAVASCRIPT);
        }
    }

    @Test
    void evaluatesAJavaScriptExpressionOnTheEvent() throws Exception {
        assertThat(table("$.event_type + \"_\" + $.src", "{\"event_type\":\"Page View\",\"src\":\"JS\"}"))
                .isEqualTo("page_view_js");
        assertThat(table("_.user.id + ''", "{\"user\":{\"id\":\"U-1\"}}")).isEqualTo("u_1");
        assertThat(table("$.n * 2", "{\"n\":21}")).isEqualTo("42");
        assertThat(table("$.n / 4", "{\"n\":1}")).isEqualTo("0_25");
        assertThat(table("1e21 + 0", "{}")).isEqualTo("1000000000000000000000");
        assertThat(table("!!$.flag", "{\"flag\":1}")).isEqualTo("true");
    }

    @Test
    void treatsADottedPathWithoutOperatorsAsAConstantLikeJitsu() throws Exception {
        // Jitsu's SmartParse: `$` is an identifier character, so this is the table "__event_type"
        assertThat(TableNameTemplate.parse("$.event_type").kind()).isEqualTo(Kind.CONSTANT);
        assertThat(table("$.event_type", "{\"event_type\":\"x\"}")).isEqualTo("__event_type");
        assertThat(table("return $.event_type", "{\"event_type\":\"x\"}")).isEqualTo("x");
    }

    @Test
    void evaluatesAJavaScriptFunctionBodyWithReturn() throws Exception {
        String body = String.join("\n",
                "if ($.event_type === 'identify') {",
                "  return 'identifies';",
                "}",
                "return $.event_type + '_' + destinationType;");

        assertThat(table(body, "{\"event_type\":\"identify\"}")).isEqualTo("identifies");
        assertThat(TableNameTemplate.parse(body).evaluate(event("{\"event_type\":\"click\"}"), "wh", "postgres"))
                .isEqualTo("click_postgres");
    }

    @Test
    void givesJavaScriptTheDestinationId() throws Exception {
        TableNameTemplate t = TableNameTemplate.parse("destinationId + '_' + $.event_type");

        assertThat(t.evaluate(event("{\"event_type\":\"click\"}"), "Warehouse", "duckdb")).isEqualTo("warehouse_click");
        assertThat(t.evaluate(event("{\"event_type\":\"click\"}"))).isEqualTo("null_click");
    }

    @Test
    void skipsEventWhenJavaScriptYieldsNothing() throws Exception {
        for (String js : new String[] {"null", "void 0", "false", "''", "'  '", "$['missing']", "'NULL'", "$.a === 1",
            "return;", "return {a: 1}", "[$.a]", "if ($.a) return 'x'"}) {
            assertThat(table(js, "{\"a\":0}")).as(js).isNull();
        }
    }

    @Test
    void failsWithTheJavaScriptErrorAndItsLine() {
        TableNameTemplate t = TableNameTemplate.parse("var t = $.type;\nif (!t) throw new Error('no type');\nreturn t");

        assertThatThrownBy(() -> t.evaluate(event("{}")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("table_name_template: Error: no type at line 2");
        assertThatThrownBy(() -> table("$.user.id + 'x'", "{}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("TypeError")
                .hasMessageEndingWith("at line 1");
    }

    @Test
    void stopsALoopingJavaScriptTemplate() {
        TableNameTemplate t = TableNameTemplate.parse("while (true) {} return 'x'");

        assertThatThrownBy(() -> t.evaluate(event("{}")))
                .isInstanceOf(TemplateException.class)
                .hasMessage("table_name_template timed out after 1000 ms");
    }

    @Test
    void refusesJavaScriptThatDoesNotParseAtParseTime() {
        assertThatThrownBy(() -> TableNameTemplate.parse("table name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("table_name_template \"table name\": table_name_template: SyntaxError: ")
                .hasMessageEndingWith("at line 1");
        assertThatThrownBy(() -> TableNameTemplate.parse("var a = 1;\nreturn (a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SyntaxError");
    }

    @Test
    void aJavaScriptTemplateSurvivesJavaSerialisationAndClose() throws Exception {
        TableNameTemplate t = TableNameTemplate.parse("$.event_type + '_js'");
        assertThat(t.evaluate(event("{\"event_type\":\"a\"}"))).isEqualTo("a_js");

        TableNameTemplate copy = copy(t);
        t.close();

        assertThat(copy.kind()).isEqualTo(Kind.JAVASCRIPT);
        assertThat(copy.evaluate(event("{\"event_type\":\"b\"}"))).isEqualTo("b_js");
        assertThat(t.evaluate(event("{\"event_type\":\"c\"}"))).isEqualTo("c_js");
        copy.close();
        t.close();
    }

    @Test
    void aJavaScriptTemplateDoesNotModifyTheEvent() throws Exception {
        ObjectNode e = event("{\"a\":{\"b\":1}}");

        assertThat(TableNameTemplate.parse("$.a.b = 2; delete $.a; return 'x'").evaluate(e)).isEqualTo("x");

        assertThat(Events.toJson(e)).isEqualTo("{\"a\":{\"b\":1}}");
    }

    @Test
    void evaluatesJitsuGoTemplateCases() throws Exception {
        String ogon = "{\"metric_type\":\"ogon\",\"app\":\"neagon\"}";
        assertThat(TableNameTemplate.parse("{{.metric_type}}").kind()).isEqualTo(Kind.GO);
        assertThat(table("{{if .metric_type }}{{ .metric_type }}_test{{else}}{{ .app }}_web_test {{end}}", ogon))
                .isEqualTo("ogon_test");
        assertThat(table("Hello {{ .metric_type }}", ogon)).isEqualTo("hello_ogon");
        String go3 = "{{if or (eq .event_type \"user_identify\") (eq .event_type \"identify\")}}\n"
                + "          {{\"identifies\"}}\n        {{else}}\n"
                + "          {{if or (eq .event_type \"page\") (eq .event_type \"pageview\")}}\n"
                + "            {{\"pages\"}}\n          {{else}}\n            {{.event_type}}\n"
                + "          {{end}}\n        {{end}}";
        assertThat(table(go3, "{\"event_type\":\"page\"}")).isEqualTo("pages");
        assertThat(table(go3, "{\"event_type\":\"identify\"}")).isEqualTo("identifies");
        assertThat(table(go3, "{\"event_type\":\"Purchase Done\"}")).isEqualTo("purchase_done");
    }

    @Test
    void refusesABrokenGoTemplateAtParseTime() {
        assertThatThrownBy(() -> TableNameTemplate.parse("if (true) {{return func(){ .metric_type }}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table_name_template")
                .hasMessageContaining("column");
        assertThatThrownBy(() -> TableNameTemplate.parse("{{if .a}}x"))
                .hasMessageContaining("{{if}} without a matching {{end}}");
        assertThatThrownBy(() -> TableNameTemplate.parse("{{range .a}}x{{end}}"))
                .hasMessageContaining("{{range}} is not supported");
        assertThatThrownBy(() -> TableNameTemplate.parse("{{lower .a}}"))
                .hasMessageContaining("function \"lower\" not defined");
    }

    @Test
    void printsMissingFieldAsNullInsideTheName() throws Exception {
        assertThat(table("{{.missing}}_x", "{}")).isEqualTo("null_x");
        assertThat(table("{{.event_type}}_{{.user.id}}", "{\"event_type\":\"a\",\"user\":{}}")).isEqualTo("a_null");
        assertThat(table("{{.event_type}}_x", "{\"event_type\":null}")).isEqualTo("null_x");
    }

    @Test
    void skipsEventWhenTemplateIsEmpty() throws Exception {
        assertThat(table("{{if eq .event_type \"skipped\"}}{{else}}{{.event_type}}{{end}}",
                "{\"event_type\":\"skipped\"}")).isNull();
        assertThat(table("  {{.blank}}  ", "{\"blank\":\"   \"}")).isNull();
    }

    @Test
    void skipsEventWhenTemplateYieldsNullOrFalse() throws Exception {
        assertThat(table("{{.missing}}", "{}")).isNull();
        assertThat(table("{{.flag}}", "{\"flag\":false}")).isNull();
        assertThat(table("{{.name}}", "{\"name\":\" NULL \"}")).isNull();
        assertThat(table("{{.flag}}", "{\"flag\":true}")).isEqualTo("true");
    }

    @Test
    void printsNumbersInTheirJsonForm() throws Exception {
        assertThat(table("t_{{.n}}", "{\"n\":42}")).isEqualTo("t_42");
        assertThat(table("t_{{.n}}", "{\"n\":-7}")).isEqualTo("t__7");
        assertThat(table("t_{{.f}}", "{\"f\":1.0}")).isEqualTo("t_1_0");
        assertThat(table("t_{{.f}}", "{\"f\":40.7809}")).isEqualTo("t_40_7809");
    }

    @Test
    void formatsTimestampWithGoLayout() throws Exception {
        String e = "{\"event_type\":\"user\",\"_timestamp\":\"2020-08-02T18:23:56.291383Z\"}";

        assertThat(table("{{.event_type}}_{{._timestamp.Format \"2006_01\"}}", e)).isEqualTo("user_2020_08");
        assertThat(table("{{._timestamp.Format \"Jan-2006\"}}", e)).isEqualTo("aug_2020");
    }

    @Test
    void failsWhenTemplateUsesTimestampThatIsMissingOrMalformed() {
        TableNameTemplate t = TableNameTemplate.parse("{{._timestamp.Format \"2006\"}}");

        assertThatThrownBy(() -> t.evaluate(event("{}")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("_timestamp field doesn't exist");
        assertThatThrownBy(() -> t.evaluate(event("{\"_timestamp\":\"yesterday\"}")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("malformed _timestamp \"yesterday\"");
    }

    @Test
    void reportsEvaluationErrorsWithTheActionAndPosition() {
        TableNameTemplate t = TableNameTemplate.parse("x_{{.a.b}}");

        assertThatThrownBy(() -> t.evaluate(event("{\"a\":\"text\"}")))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("line 1, column 5")
                .hasMessageContaining("<.a.b>")
                .hasMessageContaining("can't evaluate field b");
    }

    @Test
    void lowerCasesAndSanitisesEveryCodePoint() throws Exception {
        assertThat(table("{{.name}}", "{\"name\":\"  Web Événement😀 \"}")).isEqualTo("web__v_nement_");
    }

    @Test
    void doesNotModifyTheEvent() throws Exception {
        ObjectNode e = event("{\"_timestamp\":\"2020-08-02T18:23:56Z\",\"a\":1}");
        String before = Events.toJson(e);

        TableNameTemplate.parse("{{._timestamp.Format \"2006\"}}_{{.a}}").evaluate(e);

        assertThat(Events.toJson(e)).isEqualTo(before);
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        TableNameTemplate copy = copy(TableNameTemplate.parse("{{.event_type}}_t"));

        assertThat(copy.kind()).isEqualTo(Kind.GO);
        assertThat(copy.evaluate(event("{\"event_type\":\"click\"}"))).isEqualTo("click_t");
    }

    private static TableNameTemplate copy(TableNameTemplate t) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TableNameTemplate) in.readObject();
        }
    }
}
