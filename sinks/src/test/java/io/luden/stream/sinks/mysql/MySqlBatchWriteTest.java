package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class MySqlBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    /** A key column cannot be TEXT in MySQL (no index on a whole TEXT): user tables key a VARCHAR. */
    @Override
    protected String textType() {
        return "VARCHAR(255)";
    }

    private static List<RowResult.Kind> kindsOf(List<RowResult> results) {
        List<RowResult.Kind> kinds = new ArrayList<>();
        results.forEach(r -> kinds.add(r.kind()));
        return kinds;
    }

    /**
     * As the matrix test, but DATETIME(6) ends at 9999-12-31: the row whose UTC time is in the year
     * 10000 is refused (the batch as one by one), naming the value; every other row is written.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces("timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThem")
    void timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThemUpToTheYear9999(int filler) throws Exception {
        List<Row> pre = timestampAndNumberPre();
        Row[] rows = timestampAndNumberRows();
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("ts", "2020-01-01T00:00:0" + (k % 10) + "Z")), rows);

        List<RowResult> results = sameAsOneByOne("t", pre, batch, EVENT_ID);

        for (int i = 0; i < batch.size(); i++) {
            boolean year10000 = batch.get(i).eventId().equals("year10000");
            assertThat(results.get(i).kind()).as("row %s", batch.get(i).eventId())
                    .isEqualTo(year10000 ? RowResult.Kind.REFUSED : RowResult.Kind.WRITTEN);
            if (year10000) {
                assertThat(results.get(i).reason()).contains("10000-01-01").contains("ts");
            }
        }
        assertThat(text("t", "ts", EVENT_ID + " = 'space'")).isEqualTo("2021-02-03 09:35:06");
        assertThat(text("t", "ts", EVENT_ID + " = 'nanos'")).isEqualTo("2021-02-03 04:05:06.123456");
        assertThat(text("t", "ts", EVENT_ID + " = 'max'")).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(text("t", "ts", EVENT_ID + " = 'year1'")).isEqualTo("0001-01-01 00:00:00");
    }

    /**
     * MySQL has no {@code timestamp with time zone}: its TIMESTAMP(6) stores an instant (from the
     * session's zone, UTC) between 1970 and 2038, so the years 1 and 10000 are refused there; exact
     * decimals as in the matrix test. The batch's outcomes and rows are those of one by one.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces("timestampWithTimeZoneAndExactDecimalColumns")
    void timestampAndExactDecimalColumns(int filler) throws Exception {
        createInBoth("t", dialect().quote(EVENT_ID) + " " + textType()
                + " UNIQUE, tz TIMESTAMP(6) NULL, amount numeric(12,4), r real, d date");
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("tz", "2020-01-01T10:00:00+02:00")),
                row("t", "year10000", ts("tz", "9999-12-31T23:00:00-05:00")),
                row("t", "a", ts("tz", "2021-06-01T10:00:00.123456-07:00"), number("amount", "1.50"),
                        number("r", "0.1"), str("d", "2020-02-29")),
                row("t", "b", ts("tz", "0001-01-01T00:00:00Z"), number("amount", "100000.0"), integer("r", 3),
                        new Field("d", DataType.STRING, "2020-03-01", "date", "date")),
                row("t", "c", number("amount", "12.34567")),
                row("t", "d", str("d", "not a date")),
                row("t", "exponent", number("amount", "1E+5")),
                row("t", "digits", number("amount", "1." + "0".repeat(42))));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        assertThat(kindsOf(results.subList(filler / 2, filler / 2 + 7))).containsExactly(
                RowResult.Kind.REFUSED, RowResult.Kind.WRITTEN, RowResult.Kind.REFUSED, RowResult.Kind.REFUSED,
                RowResult.Kind.REFUSED, RowResult.Kind.WRITTEN, RowResult.Kind.WRITTEN);
        Object epoch = database().query("SELECT UNIX_TIMESTAMP(tz) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'a'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1622566800L);
        assertThat(text("t", "amount", EVENT_ID + " = 'exponent'")).isEqualTo("100000.0000");
    }
}
