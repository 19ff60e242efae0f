package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.matrix.AbstractIdentifierQuotingTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.RedshiftRulesCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedshiftRulesCheck.class)
class RedshiftIdentifierQuotingTest extends AbstractIdentifierQuotingTest {
    @Override
    protected DatabaseFixture database() {
        return RedshiftFixture.get();
    }

    /** Redshift folds quoted identifiers to lower case: a row's column names must be lower case already (as Luden makes them). */
    @Override
    protected String column(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Test
    void mixedCaseSchemaAndTableNamesAreFoldedAsRedshiftFoldsThem() throws Exception {
        schema = schema.toUpperCase(Locale.ROOT);
        warehouse().write(row("Events", "e1", str("a", "1")), cache);
        warehouse().write(row("EVENTS", "e2", str("a", "2")), cache);

        assertThat(database().query("SELECT a FROM " + schema.toLowerCase(Locale.ROOT) + ".events ORDER BY a"))
                .extracting(r -> r.get("a")).containsExactly("1", "2");
    }
}
