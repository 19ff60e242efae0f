package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.BatchInserter;
import io.luden.stream.sinks.matrix.AbstractBatchWriteTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.FailingCommitDriver;
import io.luden.stream.sinks.testing.LogCapture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.Replaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(Replaces.Condition.class)
class ClickHouseBatchWriteTest extends AbstractBatchWriteTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    /** The client adds each statement's random query id to an error's text: left out when comparing reasons. */
    @Override
    protected String comparable(String reason) {
        return reason == null ? null : reason.replaceAll("\\s*\\(queryId= ?[^)]*\\)", "");
    }

    /**
     * No transactions in ClickHouse: the INSERT is in the table once the server answered, so a connection
     * lost at the (no-op) commit makes the rows RETRY although they are written, and the retry's
     * anti-join on the event id writes none of them twice.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "connectionLostMidBatchMakesEveryRowRetryAndWritesNothing",
            because = "ClickHouse has no transactions: an INSERT is in the table once the server answered, so nothing can be undone at commit")
    void connectionLostAtTheNoOpCommitRetriesRowsThatAreWrittenAndTheRetryAddsNone(int filler) throws Exception {
        Warehouse w = warehouse(database().settings(schema, FailingCommitDriver.parameters(schema)));
        w.write(row("t", "pre", str("a", "x"), str("b", "y")), cache);
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("a", "fill")),
                row("t", "e1", str("a", "1")),
                row("t", "e2", integer("a", 2), bool("b", true)));
        FailingCommitDriver.failCommits(schema, 1);

        List<RowResult> results = w.write("t", batch, cache);

        assertThat(results).hasSize(batch.size()).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(RowResult.Kind.RETRY);
            assertThat(r.reason()).contains("connection lost at commit").contains("\"t\"");
        });
        assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
        assertThat(count("t")).isEqualTo(3 + filler);
        assertThat(FailingCommitDriver.opened(schema)).isEqualTo(2);
    }

    /**
     * As the matrix, but an upsert is a new version of the whole row (ClickHouse has no UPDATE of some
     * columns on insert): of each key the last row wins with its own columns, as one by one.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "primaryKeyDuplicatesAreMergedLastWinsKeepingUntouchedColumns",
            because = "an upsert is a new version of the whole row in a ReplacingMergeTree: columns the newest row lacks are not kept")
    void primaryKeyDuplicatesLastWinsWithItsOwnColumnsAsOneByOne(int filler) throws Exception {
        List<Row> pre = List.of(row("users", "p1", integer("id", 1), str("name", "n"), str("email", "m@x")));
        List<Row> batch = padded(filler, k -> row("users", "f" + k, integer("id", 1000 + k), str("name", "fill")),
                row("users", "e1", integer("id", 1), str("name", "n2")),
                row("users", "e2", integer("id", 2), str("name", "a"), str("email", "a@x")),
                row("users", "e3", integer("id", 2), str("name", "b")),
                row("users", "e5", integer("id", 3), str("email", "c2@x"), str("phone", "123")),
                row("users", "e6", number("id", "3.0"), str("name", "c3")),
                row("users", "no-key", str("name", "nobody")));

        List<RowResult> results = sameAsOneByOne("users", pre, batch, "id", "id");

        if (filler > 0) {
            assertStagedInOneGo(filler + 3);
        }
        assertThat(results.get(filler / 2 + 5).reason())
                .isEqualTo("row for table \"users\" has no value for primary key field \"id\"");
        List<Map<String, Object>> rows = rows("users", "id");
        assertThat(rows.get(0)).containsEntry("name", "n2").containsEntry("email", null).containsEntry(EVENT_ID, "e1");
        assertThat(rows.get(1)).containsEntry("name", "b").containsEntry("email", null).containsEntry(EVENT_ID, "e3");
        assertThat(rows.get(2)).containsEntry("name", "c3").containsEntry("phone", null).containsEntry(EVENT_ID, "e6");
        assertThat(count("users")).as("versions before a merge").isGreaterThan(rows.size());
    }

    /** As the matrix, the key's row being the last one's own (see the upsert test above). */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "hostileIdentifiers",
            because = "an upsert is a new version of the whole row (see the upsert test)")
    void hostileIdentifiersWithTheLastRowOfTheKeyWinning(int filler) throws Exception {
        String table = "we\"ird table";
        IntFunction<Row> fill = k -> new Row(table, "f" + k, List.of(str(EVENT_ID, "f" + k), integer("from", k),
                str("select", "s" + k)));
        List<Row> batch = padded(filler, fill,
                new Row(table, "e1", List.of(str(EVENT_ID, "e1"), integer("from", -1), str("select", "x"),
                        str("a\"b", "quote"), str("Mixed Case", "mc"), str("luden_v1", "lt"),
                        str("excluded", "ex"), str("c1", "c1"), str("a;b--", "semi"))),
                new Row(table, "e2", List.of(str(EVENT_ID, "e2"), integer("from", -1), str("select", "y"),
                        str("excluded", "ex2"))));

        List<RowResult> results = sameAsOneByOne(table, List.of(), batch, dialect().quote("select"), "from");

        assertThat(results).allMatch(RowResult::isWritten);
        assertThat(columnTypes(table)).containsKeys("a\"b", "Mixed Case", "luden_v1", "a;b--", "select", "from");
        assertThat(rows(table, dialect().quote("from"))).filteredOn(r -> Long.valueOf(-1).equals(r.get("from")))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("select", "y").containsEntry("excluded", "ex2")
                        .containsEntry("a\"b", null));
    }

    /**
     * The first half as the matrix. A user's {@code Date} column: ClickHouse parses dates leniently
     * (2024-13-45 is 1970-01-01, in the single-row CAST and in bulk alike), so that row is written, not
     * refused (README: what is weaker).
     */
    @Test
    @Replaces(value = "halvesWithoutABadRowAreStillWrittenInBulk",
            because = "ClickHouse parses a user's Date column leniently: 2024-13-45 is 1970-01-01, in single-row and bulk alike")
    void badRowsFailAloneAndLenientDatesOfAUsersColumnAreClickHousesOwn() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "pre", integer("n", 0)), cache);
        List<Row> batch = new ArrayList<>();
        for (int k = 0; k < 4 * BIG; k++) {
            batch.add(row("t", "f" + k, integer("n", k)));
        }
        batch.add(row("t", "bad", str("n", "abc")));
        batch.add(row("t", "bad-too", number("n", "0.5")));
        List<RowResult> results;
        try (LogCapture staged = LogCapture.debug(dialect().getClass())) {
            results = w.write("t", batch, cache);
            assertThat(bulkWrites(staged.messages())).containsExactly(4 * BIG);
        }
        assertThat(kinds(results.subList(0, 4 * BIG))).containsOnly(RowResult.Kind.WRITTEN);
        assertThat(results.get(4 * BIG).reason()).isEqualTo(refused(w, batch.get(4 * BIG), cache).getMessage());

        exec("ALTER TABLE " + table("t") + " ADD COLUMN day Nullable(Date)");
        cache.remove("t");
        assertThat(w.write("t", List.of(row("t", "g0", str("day", "2024-01-02")), row("t", "odd", str("day", "2024-13-45"))),
                cache)).allMatch(RowResult::isWritten);
        assertThat(text("t", "day", EVENT_ID + " = 'g0'")).isEqualTo("2024-01-02");
        assertThat(text("t", "day", EVENT_ID + " = 'odd'")).isEqualTo("1970-01-01");
    }

    /**
     * As the matrix with ClickHouse's types: a user's non-Nullable column takes its type's default for a
     * row without it (ClickHouse has no NOT NULL refusal), so only the conversion, overflow and uuid rows
     * are refused.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "badRowsInTheMiddleAreRefusedAloneWithTheSingleRowReason",
            because = "the matrix's DDL (UNIQUE, NOT NULL, uuid) is not ClickHouse's, and a missing non-Nullable column takes its default")
    void badRowsInTheMiddleAreRefusedAloneAndNonNullableColumnsTakeTheirDefault(int filler) throws Exception {
        createInBoth("t", dialect().quote(EVENT_ID) + " String UNIQUE, a Nullable(String), n Nullable(Int64),"
                + " amount Nullable(Decimal(5, 2)), u Nullable(UUID), req String");
        String uuid = "6f1c1f8e-2f7a-4f53-9a3c-5c1d2e3f4a5b";
        IntFunction<Row> good = k -> row("t", "f" + k, str("a", "fill"), integer("n", k), str("req", "r"));
        List<Row> batch = padded(filler, good,
                row("t", "ok1", str("a", "x"), integer("n", 1), number("amount", "123.45"), str("u", uuid), str("req", "r")),
                row("t", "conversion", str("a", "x"), str("n", "abc"), str("req", "r")),
                row("t", "ok2", str("a", "x"), str("req", "r")),
                row("t", "overflow", number("amount", "12345.67"), str("req", "r")),
                row("t", "bad-uuid", str("u", "not-a-uuid"), str("req", "r")),
                row("t", "no-req", str("a", "no req")),
                row("t", "ok3", str("a", "x"), str("req", "r")));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!results.get(i).isWritten()) {
                refused.add(batch.get(i).eventId());
                assertThat(results.get(i).kind()).isEqualTo(RowResult.Kind.REFUSED);
            }
        }
        assertThat(refused).containsExactly("conversion", "overflow", "bad-uuid");
        assertThat(count("t")).isEqualTo(filler + 4);
        assertThat(text("t", "req", EVENT_ID + " = 'no-req'")).isEmpty();
        assertThat(results.get(filler / 2 + 1).reason()).contains("\"n\"").contains("\"abc\"");
    }

    /** As the matrix with ClickHouse's types: DateTime64 in another zone (years 1–9999), Decimal, Float32, Date. */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "timestampWithTimeZoneAndExactDecimalColumns",
            because = "the matrix's DDL (timestamp with time zone, real) and EXTRACT(EPOCH) are not ClickHouse's")
    void dateTime64InAnotherZoneDecimalFloat32AndDateColumns(int filler) throws Exception {
        createInBoth("t", dialect().quote(EVENT_ID) + " String UNIQUE, tz Nullable(DateTime64(6, 'Asia/Tokyo')),"
                + " amount Nullable(Decimal(12, 4)), r Nullable(Float32), d Nullable(Date)");
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("tz", "2020-01-01T10:00:00+02:00")),
                row("t", "a", ts("tz", "2021-06-01T10:00:00.123456-07:00"), number("amount", "1.50"),
                        number("r", "0.5"), str("d", "2020-02-29")),
                row("t", "b", ts("tz", "0001-01-01T00:00:00Z"), number("amount", "100000.0"),
                        new Field("d", DataType.STRING, "2020-03-01", "Date", "Date")),
                row("t", "c", number("amount", "12.34567")),
                row("t", "d", str("d", "not a date")),
                row("t", "exponent", number("amount", "1E+5")));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        assertThat(kinds(results.subList(filler / 2, filler / 2 + 5))).containsExactly(RowResult.Kind.WRITTEN,
                RowResult.Kind.WRITTEN, RowResult.Kind.REFUSED, RowResult.Kind.REFUSED, RowResult.Kind.WRITTEN);
        // the year 1 is DateTime64's too: the same instant, not clamped
        Object year1 = database().query("SELECT toUnixTimestamp64Micro(tz) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'b'").get(0).get("v");
        assertThat(((Number) year1).longValue()).isEqualTo(-62135596800000000L);
        Object epoch = database().query("SELECT toUnixTimestamp(tz) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'a'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1622566800L);
        assertThat(text("t", "amount", EVENT_ID + " = 'exponent'")).isEqualTo("100000.0000");
    }

    /** As the matrix, but the years DateTime64 cannot hold (0, 10000) are refused by name, alone, never clamped. */
    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    @Replaces(value = "timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThem",
            because = "DateTime64 holds the years 1-9999: the years 0 and 10000 (in UTC) are refused (never clamped), not written")
    void timestampsOfDateTime64sRangeAndNumbersAreStoredAsTheSingleRowInsertStoresThem(int filler) throws Exception {
        List<Row> pre = timestampAndNumberPre();
        Row[] rows = timestampAndNumberRows();
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("ts", "2020-01-01T00:00:0" + (k % 10) + "Z")), rows);

        List<RowResult> results = sameAsOneByOne("t", pre, batch, EVENT_ID);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!results.get(i).isWritten()) {
                refused.add(batch.get(i).eventId());
                assertThat(results.get(i).kind()).isEqualTo(RowResult.Kind.REFUSED);
                assertThat(results.get(i).reason()).contains("\"t\"");
            }
        }
        assertThat(refused).containsExactly("year0", "year10000", "before-year1");
        assertThat(results.get(filler / 2 + 5).reason()).contains("year 0 is outside the DateTime64 range");
        if (filler > 0) {
            assertStagedInOneGo(filler + rows.length - 3);
        }
        assertThat(text("t", "ts", EVENT_ID + " = 'space'")).isEqualTo("2021-02-03 09:35:06");
        assertThat(text("t", "ts", EVENT_ID + " = 'nanos'")).isEqualTo("2021-02-03 04:05:06.123456");
        assertThat(text("t", "ts", EVENT_ID + " = 'year1'")).isEqualTo("0001-01-01 00:00:00");
        assertThat(text("t", "ts", EVENT_ID + " = 'max'")).isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(text("t", "d", EVENT_ID + " = 'space'")).isEqualTo("5e-324");
    }
}
