package io.luden.stream.sinks.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

/**
 * On a test of a matrix subclass: it stands for the inherited matrix test {@link #value()}, whose
 * assertion cannot hold for this warehouse {@link #because} (a real difference, said in its README
 * section, or one of the matrix test's own SQL); the replacing test asserts what does hold instead.
 * (Matrix test methods are package-private, so a subclass elsewhere cannot override them.) The subclass needs {@code @ExtendWith(Replaces.Condition.class)},
 * which skips the inherited test (reported as disabled, naming its replacement) and nothing else.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Replaces {
    /** The name of the inherited test method. */
    String value();

    /** Why the inherited test cannot hold here (or "" when the replacing test's comment says it). */
    String because() default "";

    /** Disables an inherited test that a method of the test class {@link Replaces}. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) {
                return ConditionEvaluationResult.enabled("not a test method");
            }
            Method test = context.getTestMethod().get();
            Class<?> testClass = context.getRequiredTestClass();
            if (test.getDeclaringClass() == testClass) {
                return ConditionEvaluationResult.enabled("declared here");
            }
            for (Method m : testClass.getDeclaredMethods()) {
                Replaces r = m.getAnnotation(Replaces.class);
                if (r != null && r.value().equals(test.getName())) {
                    return ConditionEvaluationResult.disabled(test.getName() + " does not hold for this warehouse"
                            + (r.because().isEmpty() ? "" : ": " + r.because()) + " (replaced by "
                            + testClass.getSimpleName() + "." + m.getName() + ")");
                }
            }
            return ConditionEvaluationResult.enabled("not replaced");
        }
    }
}
