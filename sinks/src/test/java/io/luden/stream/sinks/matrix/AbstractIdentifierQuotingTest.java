package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.Warehouse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9: every identifier is quoted and escaped, so no key can inject SQL; reserved words are fine names. */
public abstract class AbstractIdentifierQuotingTest extends WarehouseTestBase {
    private static final String INJECTION = "Test Name; DROP DATABASE public; SELECT 1 from DUAL;";

    @Test
    void hostileColumnNamesAreStoredVerbatim() throws Exception {
        String injection = column(INJECTION);
        String comment = column("x'); DROP TABLE events; --");
        warehouse().write(row("events", "e1", str("a\"b", "quote"), str(injection, "injection"),
                str(comment, "comment")), cache);

        assertThat(columnTypes("events")).containsKeys("a\"b", injection, comment);
        Map<String, Object> r = rows("events", EVENT_ID).get(0);
        assertThat(r).containsEntry("a\"b", "quote").containsEntry(injection, "injection")
                .containsEntry(comment, "comment");
    }

    @Test
    void reservedWordsAreValidColumnNames() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("user", "u"), str("select", "s"), str("default", "d")), cache);
        w.write(row("events", "e2", str("user", "u2"), str("order", "o"), str("from", "f"), str("group", "g")), cache);

        assertThat(columnTypes("events")).containsKeys("user", "select", "default", "order", "from", "group");
        assertThat(rows("events", EVENT_ID).get(1)).containsEntry("user", "u2").containsEntry("order", "o")
                .containsEntry("select", null);
    }

    @Test
    void hostileAndReservedTableNames() throws Exception {
        Warehouse w = warehouse();
        w.write(row("select", "e1", str("a", "1")), cache);
        w.write(row("t\"x; DROP TABLE y", "e2", str("a", "2")), cache);

        assertThat(count("select")).isEqualTo(1);
        assertThat(rows("t\"x; DROP TABLE y", EVENT_ID)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("a", "2"));
    }

    @Test
    void hostileSchemaName() throws Exception {
        schema = schema + "\"; DROP SCHEMA x";
        warehouse().write(row("user", "e1", str("default", "d")), cache);

        assertThat(rows("user", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("default", "d"));
    }

    @Test
    void hostileKeysWorkAsPrimaryKeyAndInUpserts() throws Exception {
        Warehouse w = warehouse("a\"b");
        w.write(row("events", "e1", str("a\"b", "k"), str("user", "first")), cache);
        w.write(row("events", "e2", str("a\"b", "k"), str("user", "second")), cache);

        assertThat(rows("events", "1")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("user", "second").containsEntry(EVENT_ID, "e2"));
    }
}
