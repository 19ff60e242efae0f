package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.RedshiftRulesCheck;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedshiftRulesCheck.class)
class RedshiftExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return RedshiftFixture.get();
    }
}
