package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowBuilderTest {

    @Test
    void buildsATypedRowSortedByColumn() throws Exception {
        Row row = RowBuilder.build("events", "id1",
                Events.parse("{\"z\":\"s\",\"a\":{\"n\":1,\"f\":2.50,\"ok\":false},\"_timestamp\":\"2020-08-02T18:23:56Z\"}"), 59);

        assertThat(row.table()).isEqualTo("events");
        assertThat(row.eventId()).isEqualTo("id1");
        assertThat(row.fields()).containsExactly(
                new Field("_timestamp", DataType.TIMESTAMP, "2020-08-02T18:23:56Z"),
                new Field("a_f", DataType.FLOAT, new BigDecimal("2.50")),
                new Field("a_n", DataType.INTEGER, 1L),
                new Field("a_ok", DataType.BOOLEAN, false),
                new Field("z", DataType.STRING, "s"));
    }

    @Test
    void foldsColumnNamesToTheDestinationLimit() throws Exception {
        Row row = RowBuilder.build("t", "id", Events.parse("{\"firstname_lastname_middlename_country\":\"x\"}"), 12);

        assertThat(row.fields()).containsExactly(new Field("fi_la_mi_co", DataType.STRING, "x"));
    }

    @Test
    void letsTheLaterKeyWinWhenFoldedNamesCollide() throws Exception {
        Row row = RowBuilder.build("t", "id",
                Events.parse("{\"firstname_lastname\":1,\"fi_lastname\":2,\"other\":3}"), 5);

        assertThat(row.fields()).extracting(Field::column).containsExactly("fi_la", "other");
        assertThat(row.field("fi_la").value()).isEqualTo(2L);
    }

    @Test
    void typesOnlyTheWinnerOfACollision() throws Exception {
        // the losing _timestamp is not a timestamp, but it never becomes a value
        Row row = RowBuilder.build("t", "id",
                Events.parse("{\"_timestamp\":\"bad\",\"_Timestamp\":\"2020-08-02T18:23:56Z\"}"), 59);

        assertThat(row.field("_timestamp").type()).isEqualTo(DataType.TIMESTAMP);
    }

    @Test
    void rejectsTheEventWithTheColumnAndValueThatFailed() {
        assertThatThrownBy(() -> RowBuilder.build("t", "id", Events.parse("{\"n\":{\"big\":99999999999999999999}}"), 59))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("column n_big")
                .hasMessageContaining("99999999999999999999");
        assertThatThrownBy(() -> RowBuilder.build("t", "id", Events.parse("{\"_timestamp\":\"today\"}"), 59))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("_timestamp")
                .hasMessageContaining("\"today\"");
    }

    @Test
    void refusesAFloatADoubleCannotHoldUnlessTheColumnHasAnExplicitType() throws Exception {
        assertThatThrownBy(() -> RowBuilder.build("t", "id", Events.parse("{\"f\":1e400}"), 59))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageStartingWith("column f: number 1E+400 is beyond the range of a double")
                .hasMessageContaining("never turned into Infinity");
        assertThatThrownBy(() -> RowBuilder.build("t", "id", Events.parse("{\"f\":-1.5e309}"), 59))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageStartingWith("column f: number -1.5E+309 is beyond the range of a double");
        assertThatThrownBy(() -> RowBuilder.build("t", "id", Events.parse("{\"f\":1e-400}"), 59))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageStartingWith("column f: number 1E-400 is nearer to 0 than the smallest double")
                .hasMessageContaining("never rounded to 0");
        // the edges of the double range, and zero, are doubles
        Row edges = RowBuilder.build("t", "id", Events.parse("{\"a\":1.7976931348623157e308,\"b\":4.9e-324,\"c\":0.0,\"d\":-0e5}"), 59);
        assertThat(edges.fields()).extracting(Field::type).containsOnly(DataType.FLOAT);
        // an explicit type takes the number as it is
        Row numeric = RowBuilder.build("t", "id", Events.parse("{\"f\":1e400}"), 59, Map.of("f", ExplicitSqlType.of("numeric")));
        assertThat(numeric.field("f").value()).isEqualTo(new BigDecimal("1e400"));
    }

    @Test
    void attachesExplicitSqlTypesByFlattenedColumnName() throws Exception {
        Row row = RowBuilder.build("t", "id", Events.parse("{\"nested\":{\"n\":5},\"very_long_name\":\"x\",\"m\":1}"), 8,
                Map.of("nested_n", ExplicitSqlType.of("int"),
                        "very_long_name", new ExplicitSqlType("timestamp with time zone", "timestamp")));

        assertThat(row.field("nested_n")).isEqualTo(new Field("nested_n", DataType.INTEGER, 5L, "int", "int"));
        assertThat(row.field("ve_lo_na"))
                .isEqualTo(new Field("ve_lo_na", DataType.STRING, "x", "timestamp with time zone", "timestamp"));
        assertThat(row.field("m").sqlType()).isNull();
    }

    @Test
    void buildsAnEmptyRowForAnEventWithoutValues() throws Exception {
        assertThat(RowBuilder.build("t", "id", Events.parse("{\"a\":null,\"b\":{}}"), 59).fields()).isEmpty();
    }
}
