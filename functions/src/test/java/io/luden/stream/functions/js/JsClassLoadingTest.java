package io.luden.stream.functions.js;

import io.luden.stream.functions.template.TableNameTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GraalJS is provided by the cluster, not the job JAR: a configuration without JavaScript must run
 * where GraalJS is absent. This loads the pipeline's classes in a class loader that has only them
 * and Jackson, as a Flink cluster without GraalJS in lib/ would.
 */
class JsClassLoadingTest {

    private static URLClassLoader withoutGraalJs() throws Exception {
        List<URL> urls = List.of(location(TableNameTemplate.class), location(ObjectMapper.class),
                location(JsonParser.class), location(JsonProperty.class));
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Object invoke(Class<?> type, Object target, String method, Object... args) throws Throwable {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    @Test
    void theClassLoaderReallyHasNoGraalJs() throws Exception {
        try (URLClassLoader loader = withoutGraalJs()) {
            assertThatThrownBy(() -> loader.loadClass("org.graalvm.polyglot.Context"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(invoke(loader.loadClass(JsSupport.class.getName()), null, "available")).isEqualTo(false);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        assertThat(JsSupport.available()).isTrue();
    }

    @Test
    void goAndConstantTemplatesRunWithoutGraalJs() throws Throwable {
        try (URLClassLoader loader = withoutGraalJs()) {
            Class<?> template = loader.loadClass(TableNameTemplate.class.getName());
            Class<?> events = loader.loadClass("io.luden.stream.functions.Events");
            Object event = invoke(events, null, "parse", "{\"event_type\":\"Click\"}");

            Object go = invoke(template, null, "parse", "{{.event_type}}_t");
            Object constant = invoke(template, null, "parse", "pages");

            assertThat(invoke(template, go, "evaluate", event, "d", "postgres")).isEqualTo("click_t");
            assertThat(invoke(template, constant, "evaluate", event)).isEqualTo("pages");
            invoke(template, go, "close");
        }
    }

    @Test
    void anIdentityTransformAndReleasingTheEngineNeedNoGraalJs() throws Throwable {
        try (URLClassLoader loader = withoutGraalJs()) {
            Class<?> transform = loader.loadClass(JsTransform.class.getName());
            Class<?> events = loader.loadClass("io.luden.stream.functions.Events");
            Object event = invoke(events, null, "parse", "{\"a\":1.0}");

            Object identity = transform.getConstructor(String.class, Duration.class)
                    .newInstance("return $", Duration.ofSeconds(1));
            invoke(transform, null, "checkSyntax", "return $");

            assertThat(invoke(transform, identity, "apply", event, "d", "postgres")).isEqualTo(List.of(event));
            invoke(loader.loadClass(JsSupport.class.getName()), null, "releaseSharedEngine");
        }
    }

    @Test
    void javaScriptWithoutGraalJsFailsSayingWhereGraalJsBelongs() throws Throwable {
        try (URLClassLoader loader = withoutGraalJs()) {
            Class<?> template = loader.loadClass(TableNameTemplate.class.getName());
            Class<?> transform = loader.loadClass(JsTransform.class.getName());
            Class<?> events = loader.loadClass("io.luden.stream.functions.Events");
            Object event = invoke(events, null, "parse", "{}");

            assertThatThrownBy(() -> invoke(template, null, "parse", "$.event_type + '_x'"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs GraalJS")
                    .hasMessageContaining("lib/");
            assertThatThrownBy(() -> invoke(transform, null, "checkSyntax", "return {a: 1}"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the JavaScript transform needs GraalJS");
            Object script = transform.getConstructor(String.class, Duration.class)
                    .newInstance("return {a: 1}", Duration.ofSeconds(1));
            assertThatThrownBy(() -> invoke(transform, script, "apply", event, "d", "postgres"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs GraalJS");
        }
    }
}
