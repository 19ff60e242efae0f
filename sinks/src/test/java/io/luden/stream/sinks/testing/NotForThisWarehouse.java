package io.luden.stream.sinks.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

/**
 * On a warehouse's matrix subclass: the inherited matrix test {@link #test} asserts what cannot hold for
 * this warehouse {@link #because} (a real difference, said in its README section); the subclass has
 * {@link #replacedBy}, which asserts what holds instead. The matrix test shows as skipped with the reason.
 * (Matrix test methods are package-private, so a subclass elsewhere cannot override them.)
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(NotForThisWarehouse.List.class)
@ExtendWith(NotForThisWarehouse.Condition.class)
public @interface NotForThisWarehouse {
    String test();

    String because();

    String replacedBy();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ExtendWith(NotForThisWarehouse.Condition.class)
    @interface List {
        NotForThisWarehouse[] value();
    }

    /** Disables the named inherited tests. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Method m = context.getTestMethod().orElse(null);
            Class<?> c = context.getTestClass().orElse(null);
            if (m == null || c == null) {
                return ConditionEvaluationResult.enabled("not a test method");
            }
            for (NotForThisWarehouse n : c.getAnnotationsByType(NotForThisWarehouse.class)) {
                if (n.test().equals(m.getName())) {
                    return ConditionEvaluationResult.disabled(m.getName() + " does not hold for this warehouse: "
                            + n.because() + " (replaced by " + n.replacedBy() + ")");
                }
            }
            return ConditionEvaluationResult.enabled("a matrix test that holds");
        }
    }
}
