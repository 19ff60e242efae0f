package io.luden.stream.functions.js;

import io.luden.stream.functions.EventRejectedException;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.ExplicitSqlType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SqlTypeHintsTest {

    @Test
    void takesAStringAsDdlTypeAndCast() throws Exception {
        ObjectNode row = Events.parse("{\"a\":1,\"__sql_type_a\":\"integer\"}");

        assertThat(SqlTypeHints.extract(row)).containsExactly(entry("a", new ExplicitSqlType("integer", "integer")));
        assertThat(Events.toJson(row)).isEqualTo("{\"a\":1}");
    }

    @Test
    void takesCastTypeAndDdlTypeFromATwoElementArray() throws Exception {
        ObjectNode row = Events.parse("{\"d\":\"2020-01-01\",\"__sql_type_d\":[\"date\",\"date not null\"]}");

        assertThat(SqlTypeHints.extract(row)).containsExactly(entry("d", new ExplicitSqlType("date not null", "date")));
        assertThat(Events.toJson(row)).isEqualTo("{\"d\":\"2020-01-01\"}");
    }

    @Test
    void usesTheOnlyElementOfAOneElementArrayForBoth() throws Exception {
        ObjectNode row = Events.parse("{\"__sql_type_x\":[\"numeric(10,2)\"]}");

        assertThat(SqlTypeHints.extract(row)).containsExactly(entry("x", ExplicitSqlType.of("numeric(10,2)")));
    }

    @Test
    void keysNestedHintsByTheFlattenedColumnName() throws Exception {
        ObjectNode row = Events.parse("{\"nested\":{\"n\":\"5\",\"__sql_type_n\":\"int\","
                + "\"Deep Er\":{\"__sql_type_Field-X\":\"text\"}},\"__sql_type_Top\":\"bigint\",\"list\":[{\"__sql_type_y\":\"int\"}]}");

        assertThat(SqlTypeHints.extract(row)).containsOnly(
                entry("nested_n", ExplicitSqlType.of("int")),
                entry("nested_deep_er_field_x", ExplicitSqlType.of("text")),
                entry("top", ExplicitSqlType.of("bigint")));
        // hints inside arrays are array content (the array becomes JSON text), not column types
        assertThat(Events.toJson(row))
                .isEqualTo("{\"nested\":{\"n\":\"5\",\"Deep Er\":{}},\"list\":[{\"__sql_type_y\":\"int\"}]}");
    }

    @Test
    void returnsNothingForARowWithoutHints() throws Exception {
        ObjectNode row = Events.parse("{\"a\":{\"b\":1}}");

        assertThat(SqlTypeHints.extract(row)).isEmpty();
        assertThat(Events.toJson(row)).isEqualTo("{\"a\":{\"b\":1}}");
    }

    @Test
    void rejectsAValueThatIsNotATypeNamingTheKey() throws Exception {
        for (String value : new String[] {"42", "true", "null", "\"\"", "[]", "[\"a\",\"b\",\"c\"]", "[1]",
            "{\"type\":\"int\"}"}) {
            ObjectNode row = Events.parse("{\"o\":{\"__sql_type_n\":" + value + "}}");
            assertThatThrownBy(() -> SqlTypeHints.extract(row))
                    .as(value)
                    .isInstanceOf(EventRejectedException.class)
                    .hasMessageContaining("o.__sql_type_n = " + value);
        }
    }
}
