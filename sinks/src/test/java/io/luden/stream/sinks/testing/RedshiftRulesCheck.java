package io.luden.stream.sinks.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fails a test during which the Redshift driver sent a statement Redshift would refuse ({@link RedshiftSqlRules}). */
public final class RedshiftRulesCheck implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedshiftRulesCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", RedshiftFixture.get().refusals().size());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        int before = context.getStore(NS).get("before", Integer.class);
        List<String> all = RedshiftFixture.get().refusals();
        assertThat(all.subList(before, all.size())).as("statements Redshift would refuse").isEmpty();
    }
}
