package io.luden.stream.functions.template;

import io.luden.stream.functions.Events;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EventTemplate}: which text is Go, JavaScript or constant, and the raw rendering (no naming rule). */
class EventTemplateTest {
    private static String render(String source, String event) throws Exception {
        try (EventTemplate t = EventTemplate.parse("t", source)) {
            return t.render(Events.parse(event), "hook", "webhook"); // as the pipeline parses: number forms kept
        }
    }

    @Test
    void tellsTheFormsApart() {
        assertThat(EventTemplate.parse("t", "Bearer abc $5").kind()).isEqualTo(EventTemplate.Kind.CONSTANT);
        assertThat(EventTemplate.parse("t", "{\"a\": 1}").kind()).isEqualTo(EventTemplate.Kind.CONSTANT);
        assertThat(EventTemplate.parse("t", "https://h/x?a=$b").kind()).isEqualTo(EventTemplate.Kind.CONSTANT);
        assertThat(EventTemplate.parse("t", "{{.a}}").kind()).isEqualTo(EventTemplate.Kind.GO);
        assertThat(EventTemplate.parse("t", "$.a + 1").kind()).isEqualTo(EventTemplate.Kind.JAVASCRIPT);
        assertThat(EventTemplate.parse("t", "_['a b']").kind()).isEqualTo(EventTemplate.Kind.JAVASCRIPT);
        assertThat(EventTemplate.parse("t", "return 'x'").kind()).isEqualTo(EventTemplate.Kind.JAVASCRIPT);
    }

    @Test
    void rendersRawTextWithoutTheTableNameRule() throws Exception {
        assertThat(render("  Hello {{.name}}! ", "{\"name\":\"Ann Lee\"}")).isEqualTo("  Hello Ann Lee! ");
        assertThat(render("{{.n}} {{.f}} {{.b}} {{.o}}", "{\"n\":12,\"f\":1.50,\"b\":true,\"o\":{\"k\":[1]}}"))
                .isEqualTo("12 1.50 true {\"k\":[1]}");
        assertThat(render("{{.}}", "{\"a\":1}")).isEqualTo("{\"a\":1}");
    }

    @Test
    void aMissingFieldOrNullIsNullInBothLanguagesButEventTextIsKept() throws Exception {
        assertThat(render("{{.nope}}/{{.z}}/{{.t}}", "{\"z\":null,\"t\":\"<no value>\"}")).isEqualTo("null/null/<no value>");
        assertThat(render("return [$.nope, $.z].join('/') + ':' + $.nope", "{\"z\":null}")).isEqualTo("/:undefined");
        assertThat(render("$.nope", "{}")).isEqualTo("null");
        assertThat(render("$.z", "{\"z\":null}")).isEqualTo("null");
    }

    @Test
    void javaScriptResultsAsText() throws Exception {
        assertThat(render("return {a: $.a, l: [1, 'x']}", "{\"a\":\"b\"}")).isEqualTo("{\"a\":\"b\",\"l\":[1,\"x\"]}");
        assertThat(render("$.n * 1e21", "{\"n\":1}")).isEqualTo("1000000000000000000000");
        assertThat(render("$.a + destinationId", "{\"a\":\"to-\"}")).isEqualTo("to-hook");
    }

    @Test
    void errorsNameTheTemplate() {
        assertThatThrownBy(() -> EventTemplate.parse("destinations.h.config.body", "{{.a"))
                .hasMessageStartingWith("destinations.h.config.body: Go template syntax error");
        assertThatThrownBy(() -> render("return $.a.b.c", "{}"))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("t").hasMessageContaining("TypeError");
    }
}
