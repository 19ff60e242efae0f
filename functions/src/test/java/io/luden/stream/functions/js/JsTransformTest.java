package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsTransformTest {

    private final List<JsTransform> opened = new ArrayList<>();

    @AfterEach
    void closeTransforms() {
        opened.forEach(JsTransform::close);
    }

    private JsTransform transform(String script) {
        return transform(script, Duration.ofSeconds(5));
    }

    private JsTransform transform(String script, Duration timeout) {
        JsTransform transform = new JsTransform(script, timeout);
        opened.add(transform);
        return transform;
    }

    private static ObjectNode event(String json) throws Exception {
        return Events.parse(json);
    }

    private static List<String> json(List<ObjectNode> rows) {
        return rows.stream().map(Events::toJson).toList();
    }

    private List<String> rows(String script, String event) throws Exception {
        return json(transform(script).apply(event(event), "dest1", "postgres"));
    }

    @Test
    void returnsTheChangedObjectAsOneRow() throws Exception {
        assertThat(rows("$.b = $.a + 1; delete $.c; return $", "{\"a\":1,\"c\":\"x\"}"))
                .containsExactly("{\"a\":1,\"b\":2}");
    }

    @Test
    void returnsANewObjectBuiltFromTheEvent() throws Exception {
        assertThat(rows("return {user: _.user.id, kind: 'click', n: [1, 2]}", "{\"user\":{\"id\":\"u1\"}}"))
                .containsExactly("{\"user\":\"u1\",\"kind\":\"click\",\"n\":[1,2]}");
    }

    @Test
    void returnsOneRowPerArrayElementEachNamingItsTable() throws Exception {
        String script = String.join("\n",
                "return [",
                "  {...$, [TABLE_NAME]: 'clicks'},",
                "  {id: $.user, [TABLE_NAME]: 'users'}",
                "]");

        assertThat(rows(script, "{\"user\":\"u1\",\"x\":1}")).containsExactly(
                "{\"user\":\"u1\",\"x\":1,\"JITSU_TABLE_NAME\":\"clicks\"}",
                "{\"id\":\"u1\",\"JITSU_TABLE_NAME\":\"users\"}");
    }

    @Test
    void dropsNullUndefinedAndFalseArrayElements() throws Exception {
        assertThat(rows("return [null, {a: 1}, undefined, false, {b: 2}]", "{}"))
                .containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void skipsTheEventWhenTheResultIsNullUndefinedOrEmpty() throws Exception {
        for (String script : new String[] {"return null", "return undefined", "return", "$.a = 2",
            "return []", "return [null, false]"}) {
            assertThat(rows(script, "{\"a\":1}")).as(script).isEmpty();
        }
    }

    @Test
    void failsOnAResultThatIsNotAnObjectArrayOrNull() {
        JsTransform t = transform("return $.value");
        assertThatThrownBy(() -> t.apply(event("{\"value\":\"text\"}"), "d", "postgres"))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform returned a string \"text\": expected an object, an array of objects,"
                        + " or null/undefined to skip the event");
        assertThatThrownBy(() -> t.apply(event("{\"value\":42}"), "d", "postgres"))
                .hasMessageContaining("returned a number (42)");
        assertThatThrownBy(() -> t.apply(event("{\"value\":true}"), "d", "postgres"))
                .hasMessageContaining("returned a boolean (true)");
        assertThatThrownBy(() -> rows("return () => 1", "{}"))
                .hasMessageContaining("returned a function");
    }

    @Test
    void failsOnAnArrayElementThatIsNotAnObject() {
        assertThatThrownBy(() -> rows("return [{a: 1}, true]", "{}"))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("element 1 of the returned array is a boolean (true)");
        assertThatThrownBy(() -> rows("return [[{a: 1}]]", "{}"))
                .hasMessageContaining("element 0 of the returned array is an array");
        assertThatThrownBy(() -> rows("return ['x']", "{}"))
                .hasMessageContaining("element 0 of the returned array is a string \"x\"");
    }

    @Test
    void failsWithTheThrownMessageAndItsLine() {
        String script = String.join("\n",
                "var type = $.event_type;",
                "if (type === 'bad') {",
                "  throw new Error('bad event ' + $.id);",
                "}",
                "return $;");

        assertThatThrownBy(() -> rows(script, "{\"event_type\":\"bad\",\"id\":7}"))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform: Error: bad event 7 at line 3");
    }

    @Test
    void reportsTheLineOfAnErrorInsideAHelperFunction() {
        String script = String.join("\n",
                "function name(u) {",
                "  return u.profile.name;",
                "}",
                "return {name: name($.user)};");

        assertThatThrownBy(() -> rows(script, "{\"user\":{}}"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("transform: TypeError: ")
                .hasMessageContaining("name")
                .hasMessageEndingWith("at line 2");
    }

    @Test
    void failsWhenAResultCannotBeSerialised() {
        assertThatThrownBy(() -> rows("return {n: 10n}", "{}"))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("BigInt");
    }

    @Test
    void stopsARunawayScriptAfterTheTimeLimitAndStaysUsable() throws Exception {
        JsTransform t = transform("if ($.loop) { while (true) {} } return {ok: $.n}", Duration.ofMillis(1000));
        ObjectNode loop = event("{\"loop\":true}");

        long start = System.nanoTime();
        assertThatThrownBy(() -> t.apply(loop, "d", "postgres"))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform timed out after 1000 ms")
                .matches(e -> ((TransformException) e).timedOut());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));

        assertThat(json(t.apply(event("{\"n\":1}"), "d", "postgres"))).containsExactly("{\"ok\":1}");
        assertThatThrownBy(() -> t.apply(loop, "d", "postgres")).hasMessage("transform timed out after 1000 ms");
        assertThat(json(t.apply(event("{\"n\":2}"), "d", "postgres"))).containsExactly("{\"ok\":2}");
    }

    @Test
    void aRunawayScriptCannotCatchItsTimeout() throws Exception {
        JsTransform t = transform("try { while (true) {} } catch (e) { return {caught: true} } finally { return {f: 1} }",
                Duration.ofMillis(200));

        assertThatThrownBy(() -> t.apply(event("{}"), "d", "postgres"))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform timed out after 200 ms");
    }

    @Test
    void stopsACatastrophicRegularExpression() {
        // the back-reference makes GraalJS's regex engine backtrack: exponential in the length
        JsTransform t = transform("return {m: /^(a+)+\\1c$/.test('a'.repeat(40) + 'b')}", Duration.ofMillis(300));

        assertThatThrownBy(() -> t.apply(event("{}"), "d", "postgres"))
                .isInstanceOf(TransformException.class)
                .hasMessage("transform timed out after 300 ms");
    }

    @Test
    void aTimeoutInOneRuntimeLeavesAnotherRunningOnItsThread() throws Exception {
        JsTransform looping = transform("while (true) {}", Duration.ofMillis(500));
        JsTransform working = transform("return {n: $.n + 1}");
        CompletableFuture<Throwable> timedOut = CompletableFuture.supplyAsync(() -> {
            try {
                looping.apply(event("{}"), "d", "postgres");
                return null;
            } catch (Exception e) {
                return e;
            }
        });

        for (int i = 0; i < 200; i++) {
            assertThat(json(working.apply(event("{\"n\":" + i + "}"), "d", "postgres")))
                    .containsExactly("{\"n\":" + (i + 1) + "}");
        }
        assertThat(timedOut.get(30, TimeUnit.SECONDS)).hasMessage("transform timed out after 500 ms");
        assertThat(json(working.apply(event("{\"n\":0}"), "d", "postgres"))).containsExactly("{\"n\":1}");
    }

    @Test
    void seesDestinationIdTypeAndTableNameConstant() throws Exception {
        assertThat(json(transform("return {id: destinationId, type: destinationType, t: TABLE_NAME}")
                .apply(event("{}"), "warehouse", "postgres")))
                .containsExactly("{\"id\":\"warehouse\",\"type\":\"postgres\",\"t\":\"JITSU_TABLE_NAME\"}");
    }

    @Test
    void treatsReturnDollarAndUnderscoreAsIdentityKeepingExactNumbers() throws Exception {
        String original = "{\"f\":1.0,\"big\":1152921504606846977,\"d\":0.10000000000000000001}";
        for (String script : new String[] {"return $", "return _;", "  return $ ;\n"}) {
            ObjectNode event = event(original);
            List<ObjectNode> rows = transform(script).apply(event, "d", "postgres");

            assertThat(JsTransform.isIdentity(script)).isTrue();
            assertThat(json(rows)).as(script).containsExactly(original);
        }
    }

    @Test
    void keepsTheExactFormOfNumbersTheScriptDidNotChange() throws Exception {
        assertThat(rows("$.added = 2.5; $.changed = $.changed + 1; return [$, {f: $.f}]",
                "{\"f\":1.0,\"big\":1152921504606846977,\"nested\":{\"g\":2.0,\"list\":[1.0,3]},\"changed\":1.0}"))
                .containsExactly(
                        "{\"f\":1.0,\"big\":1152921504606846977,\"nested\":{\"g\":2.0,\"list\":[1.0,3]},"
                                + "\"changed\":2,\"added\":2.5}",
                        "{\"f\":1.0}");
    }

    @Test
    void computedNumbersAreJavaScriptDoubles() throws Exception {
        // documented: the script itself works on doubles, as in Jitsu's Node runtime
        assertThat(rows("return {copy: $.big, sum: 0.1 + 0.2}", "{\"big\":1152921504606846977}"))
                .containsExactly("{\"copy\":1152921504606847000,\"sum\":0.30000000000000004}");
    }

    @Test
    void doesNotModifyTheEvent() throws Exception {
        ObjectNode event = event("{\"a\":{\"b\":1},\"c\":[1]}");
        String before = Events.toJson(event);

        transform("$.a.b = 2; $.c.push(2); delete $.a; return $").apply(event, "d", "postgres");

        assertThat(Events.toJson(event)).isEqualTo(before);
    }

    @Test
    void checkSyntaxRefusesBrokenScriptsWithTheLine() {
        assertThatThrownBy(() -> JsTransform.checkSyntax("var a = 1;\nfunction (\nreturn $"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transform: SyntaxError: ")
                .hasMessageEndingWith("at line 2");
        assertThatThrownBy(() -> JsTransform.checkSyntax("return {a: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SyntaxError")
                .hasMessageEndingWith("at line 1");
    }

    @Test
    void refusesABodyThatClosesItsFunctionEarly() {
        String escape = "return $ }); while (true) {} (function () {";

        assertThatThrownBy(() -> JsTransform.checkSyntax(escape))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("transform: SyntaxError: ")
                .hasMessageEndingWith("at line 1");
        // also when nobody checked it first: refused when the context is built, nothing runs
        assertThatThrownBy(() -> transform(escape).apply(event("{}"), "d", "postgres"))
                .isInstanceOf(TransformException.class)
                .hasMessageStartingWith("transform: SyntaxError: ");
    }

    @Test
    void checkSyntaxAcceptsValidScriptsWithoutRunningThem() {
        JsTransform.checkSyntax("while (true) {}");
        JsTransform.checkSyntax("return $");
        JsTransform.checkSyntax("// a comment at the end\nreturn $ // done");
    }

    @Test
    void aTrailingLineCommentDoesNotSwallowTheWrapper() throws Exception {
        assertThat(rows("return {a: 1} // the row", "{}")).containsExactly("{\"a\":1}");
    }

    @Test
    void runsAThousandEventsOnOneRuntime() throws Exception {
        JsTransform t = transform("$.n = $.i * 2; if ($.i % 10 === 0) return null; return $");
        int rows = 0;
        for (int i = 0; i < 1000; i++) {
            List<ObjectNode> out = t.apply(event("{\"i\":" + i + "}"), "d", "postgres");
            if (!out.isEmpty()) {
                assertThat(out.get(0).get("n").asInt()).isEqualTo(i * 2);
                rows++;
            }
        }
        assertThat(rows).isEqualTo(900);
    }

    @Test
    void keepsGlobalsBetweenEventsOfOneRuntime() throws Exception {
        JsTransform t = transform("globalThis.seen = (globalThis.seen || 0) + 1; return {seen: seen}");

        t.apply(event("{}"), "d", "postgres");

        assertThat(json(t.apply(event("{}"), "d", "postgres"))).containsExactly("{\"seen\":2}");
    }

    @Test
    void refusesAnEmptyScriptOrANonPositiveLimit() {
        assertThatThrownBy(() -> new JsTransform("  ", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new JsTransform("return $", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time limit");
    }
}
