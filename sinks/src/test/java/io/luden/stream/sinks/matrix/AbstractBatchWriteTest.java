package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.BatchInserter;
import io.luden.stream.sinks.testing.FailingCommitDriver;
import io.luden.stream.sinks.testing.LogCapture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code BatchWriter.write(table, rows, cache)} of a Warehouse: each row's outcome, and the table's end
 * state, are those of writing the rows one by one with {@code write(Row)}. Most tests run twice: as a
 * small batch (the rows' own INSERTs in one transaction) and padded with filler rows before and after
 * ({@link #BIG}: the database's bulk path — COPY, the appender — and its isolation of bad rows).
 */
public abstract class AbstractBatchWriteTest extends WarehouseTestBase {
    /** Filler rows around the interesting ones: enough for every database's bulk path. */
    protected static final int BIG = 64;

    /**
     * A column type that Luden does not categorise (the database checks the text), a value it takes and
     * one it refuses; null when the database (or its test engine) has no such type that refuses values.
     */
    protected String[] uncategorisedType() {
        return new String[] {"uuid", "6f1c1f8e-2f7a-4f53-9a3c-5c1d2e3f4a5b", "not-a-uuid"};
    }

    /** The SQL type for text in a user-created table. */
    protected String textType() {
        return dialect().sqlType(DataType.STRING);
    }

    // ---- the reference: one by one ------------------------------------------------------------

    /** What the dialect logged about staging rows (its bulk path), and the batch inserter about isolating, in the last {@link #sameAsOneByOne}. */
    protected List<String> stagedLog = List.of();
    protected List<String> isolationLog = List.of();

    /** Asserts the last batch went through the database's bulk path in one transaction, nothing isolated. */
    protected void assertStagedInOneGo(int rows) {
        assertThat(isolationLog).isEmpty();
        assertThat(bulkWrites(stagedLog)).containsExactly(rows);
    }

    /** The sizes of the bulk writes in a dialect's log: "staged N rows …" (through staging), "copied N rows …" (straight in). */
    protected static List<Integer> bulkWrites(List<String> log) {
        List<Integer> sizes = new ArrayList<>();
        for (String m : log) {
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^(?:staged|copied) (\\d+) rows .*").matcher(m);
            if (matcher.matches()) {
                sizes.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return sizes;
    }

    /**
     * The schema of the reference tables: as long as {@link #schema}, so that a database's error text,
     * which may quote the statement and point into it, is the same but for the schema's name.
     */
    protected String refSchema() {
        return "r" + schema.substring(1);
    }

    /** {@code CREATE TABLE} of {@code table} with {@code columns} (SQL) in the test's schema and the reference's. */
    protected void createInBoth(String table, String columns) {
        for (String s : List.of(schema, refSchema())) {
            exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(s));
            exec("CREATE TABLE " + dialect().quote(s) + "." + dialect().quote(table) + " (" + columns + ")");
        }
    }

    /**
     * Writes {@code pre} one by one into {@code table} and into the same table of {@link #refSchema()};
     * then {@code batch} as one batch into {@code table} and one by one into the reference; asserts the
     * same results (reasons alike but for the schema) and the same rows (ordered by {@code orderBy})
     * and column types; returns the batch's results.
     */
    protected List<RowResult> sameAsOneByOne(String table, List<Row> pre, List<Row> batch, String orderBy,
                                             String... primaryKeyFields) throws Exception {
        Warehouse w = warehouse(primaryKeyFields);
        Warehouse one = warehouse(database().settings(refSchema()), primaryKeyFields);
        MapSchemaCache refCache = new MapSchemaCache();
        for (Row r : pre) {
            w.write(r, cache);
            one.write(r, refCache);
        }
        List<RowResult> results;
        try (LogCapture bulk = LogCapture.debug(dialect().getClass());
             LogCapture isolation = LogCapture.debug(BatchInserter.class)) {
            results = w.write(table, batch, cache);
            stagedLog = bulk.messages();
            isolationLog = isolation.messages();
        }
        List<RowResult> expected = new ArrayList<>();
        for (Row r : batch) {
            try {
                one.write(r, refCache);
                expected.add(RowResult.written());
            } catch (WarehouseException e) {
                expected.add(RowResult.of(e));
            }
        }
        assertThat(results).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            RowResult want = expected.get(i);
            RowResult got = results.get(i);
            assertThat(got.kind()).as("result of row %d: %s", i, batch.get(i)).isEqualTo(want.kind());
            assertThat(comparable(got.reason())).as("reason of row %d: %s", i, batch.get(i))
                    .isEqualTo(comparable(want.reason() == null ? null : want.reason().replace(refSchema(), schema)));
        }
        assertThat(database().rows(schema, table, orderBy)).isEqualTo(database().rows(refSchema(), table, orderBy));
        assertThat(columnTypes(table)).isEqualTo(database().columnTypes(refSchema(), table));
        return results;
    }

    /** A row's reason as {@link #sameAsOneByOne} compares it; a warehouse whose errors carry per-statement noise drops it. */
    protected String comparable(String reason) {
        return reason;
    }

    /** {@code rows} with {@code filler} rows from {@code make} around them (half before, half after). */
    protected static List<Row> padded(int filler, IntFunction<Row> make, Row... rows) {
        List<Row> all = new ArrayList<>();
        for (int k = 0; k < filler / 2; k++) {
            all.add(make.apply(k));
        }
        all.addAll(Arrays.asList(rows));
        for (int k = filler / 2; k < filler; k++) {
            all.add(make.apply(k));
        }
        return all;
    }

    protected static List<RowResult.Kind> kinds(List<RowResult> results) {
        List<RowResult.Kind> kinds = new ArrayList<>();
        results.forEach(r -> kinds.add(r.kind()));
        return kinds;
    }

    /** What the table holds before the batch of {@link #timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThem}. */
    protected List<Row> timestampAndNumberPre() {
        return List.of(row("t", "pre", ts("ts", "2020-01-01T00:00:00Z"), number("d", "0.5"), integer("i", 1)));
    }

    /**
     * The rows of {@link #timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThem} (also of a warehouse's
     * replacement of it): sub-second digits, zones, the years 0, 1, 9999 and 10000 in UTC, extreme doubles,
     * strings into timestamp and number columns.
     */
    protected Row[] timestampAndNumberRows() {
        return new Row[]{
                row("t", "millis", ts("ts", "2021-02-03T04:05:06.789+01:00"), number("d", "0.1")),
                row("t", "micros", ts("ts", "2021-02-03T04:05:06.123456Z"), number("d", "1e-300")),
                row("t", "nanos", ts("ts", "2021-02-03T04:05:06.123456789Z"), number("d", "-0.0")),
                row("t", "space", ts("ts", "2021-02-03 04:05:06-05:30"), number("d", "4.9e-324")),
                row("t", "year1", ts("ts", "0001-01-01T00:00:00Z"), integer("d", 9007199254740992L)),
                row("t", "year0", ts("ts", "0000-06-01T12:00:00.5Z")),
                row("t", "max", ts("ts", "9999-12-31T23:59:59.999999Z"), number("d", "1.7976931348623157e308")),
                row("t", "year10000", ts("ts", "9999-12-31T23:00:00-05:00")),
                row("t", "before-year1", ts("ts", "0000-01-01T00:00:00+05:00")),
                row("t", "str-ts", str("ts", "2022-03-04T05:06:07.000001+14:00"), str("d", "2.5"), str("i", "42")),
                row("t", "float-int", number("i", "9.0")),
        };
    }

    // ---- tests --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void goodRowsAreAllWritten(int filler) throws Exception {
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("s", "fill " + k), integer("i", k)),
                row("t", "e1", str("s", "x"), integer("i", -5), number("f", "2.5"), bool("b", true),
                        ts("ts", "2021-02-03T04:05:06.789+01:00")),
                row("t", "e2", str("s", "y"), integer("i", Long.MAX_VALUE), number("f", "1e300"), bool("b", false),
                        ts("ts", "2021-02-03T04:05:06.123456Z")));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        assertThat(results).allMatch(RowResult::isWritten);
        if (filler > 0) {
            assertStagedInOneGo(filler + 2);
        }
        assertThat(count("t")).isEqualTo(filler + 2);
        assertThat(text("t", "ts", EVENT_ID + " = 'e1'")).isEqualTo("2021-02-03 03:05:06.789");
        assertThat(text("t", "ts", EVENT_ID + " = 'e2'")).isEqualTo("2021-02-03 04:05:06.123456");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void badRowsInTheMiddleAreRefusedAloneWithTheSingleRowReason(int filler) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(uncategorisedType() != null,
                "the database has no uncategorised type that refuses values");
        createInBoth("t", dialect().quote(EVENT_ID) + " " + textType() + " UNIQUE, a " + textType()
                + ", n bigint, amount numeric(5,2), u " + uncategorisedType()[0] + ", req " + textType() + " NOT NULL");
        String uuid = uncategorisedType()[1];
        IntFunction<Row> good = k -> row("t", "f" + k, str("a", "fill"), integer("n", k), str("req", "r"));
        List<Row> batch = padded(filler, good,
                row("t", "ok1", str("a", "x"), integer("n", 1), number("amount", "123.45"), str("u", uuid), str("req", "r")),
                row("t", "conversion", str("a", "x"), str("n", "abc"), str("req", "r")),
                row("t", "ok2", str("a", "x"), str("req", "r")),
                row("t", "overflow", number("amount", "12345.67"), str("req", "r")),
                row("t", "bad-uuid", str("u", uncategorisedType()[2]), str("req", "r")),
                row("t", "not-null", str("a", "no req")),
                row("t", "ok3", str("a", "x"), str("req", "r")));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!results.get(i).isWritten()) {
                refused.add(batch.get(i).eventId());
                assertThat(results.get(i).kind()).isEqualTo(RowResult.Kind.REFUSED);
            }
        }
        assertThat(refused).containsExactly("conversion", "overflow", "bad-uuid", "not-null");
        if (filler > 0) {
            assertThat(isolationLog).isNotEmpty();
        }
        assertThat(count("t")).isEqualTo(filler + 3);
        assertThat(results.get(filler / 2 + 1).reason()).contains("\"n\"").contains("\"abc\"");
    }

    @Test
    void halvesWithoutABadRowAreStillWrittenInBulk() throws Exception {
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
            // the bad rows fail their conversion: the others go in bulk at once, no retry needed for them
            assertThat(bulkWrites(staged.messages())).containsExactly(4 * BIG);
        }
        assertThat(kinds(results.subList(0, 4 * BIG))).containsOnly(RowResult.Kind.WRITTEN);
        assertThat(results.get(4 * BIG).reason()).isEqualTo(refused(w, batch.get(4 * BIG), cache).getMessage());
        assertThat(results.get(4 * BIG + 1).reason()).isEqualTo(refused(w, batch.get(4 * BIG + 1), cache).getMessage());

        // a database-side refusal: the clean half before the bad row is written by one bulk statement
        exec("ALTER TABLE " + table("t") + " ADD COLUMN " + dialect().quote("day") + " date"); // DAY is reserved in H2
        cache.remove("t");
        List<Row> second = new ArrayList<>();
        for (int k = 0; k < 4 * BIG; k++) {
            second.add(row("t", "g" + k, str("day", "2024-01-02")));
        }
        second.add(row("t", "not-a-day", str("day", "2024-13-45")));
        try (LogCapture staged = LogCapture.debug(dialect().getClass())) {
            results = w.write("t", second, cache);
            assertThat(bulkWrites(staged.messages())).contains((4 * BIG + 1) / 2);
        }
        assertThat(kinds(results.subList(0, 4 * BIG))).containsOnly(RowResult.Kind.WRITTEN);
        assertThat(results.get(4 * BIG).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(count("t")).isEqualTo(1 + 8 * BIG);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void newColumnsInLaterRowsAreAddedFirstRowDecidingTheType(int filler) throws Exception {
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("a", "fill")),
                row("t", "b", str("a", "x"), str("b", "new")),
                row("t", "c-int", integer("c", 5)),
                row("t", "c-text", str("c", "text")),
                row("t", "c-float", number("c", "2.0")),
                row("t", "d", bool("d", true), ts("e", "2020-01-01T00:00:00Z")));

        List<RowResult> results = sameAsOneByOne("t", List.of(row("t", "pre", str("a", "first"))), batch, EVENT_ID);

        assertThat(category("t", "b")).isEqualTo(DataType.STRING);
        assertThat(category("t", "c")).isEqualTo(DataType.INTEGER);
        assertThat(category("t", "d")).isEqualTo(DataType.BOOLEAN);
        assertThat(category("t", "e")).isEqualTo(DataType.TIMESTAMP);
        assertThat(results.get(filler / 2 + 2).kind()).isEqualTo(RowResult.Kind.REFUSED);
        assertThat(results.get(filler / 2 + 3)).isEqualTo(RowResult.written());
        assertThat(text("t", "c", EVENT_ID + " = 'c-float'")).isEqualTo("2");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void newTableIsCreatedFromTheFirstRowThenPatched(int filler) throws Exception {
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("z", "fill")),
                row("t", "x", str("a", "x")));

        sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        assertThat(cache.get("t").uniqueKeys).containsExactly(EVENT_ID);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void duplicateEventIdsMakeOneRowTheFirstWinning(int filler) throws Exception {
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("a", "fill")),
                row("t", "e1", str("a", "replayed")),
                row("t", "e2", str("a", "first")),
                row("t", "e2", str("a", "second"), str("b", "only in the second")),
                row("t", "e3", str("a", "x")),
                row("t", "f0", str("a", "duplicate of a filler row")));

        List<RowResult> results = sameAsOneByOne("t", List.of(row("t", "e1", str("a", "old"))), batch, EVENT_ID);

        assertThat(results).allMatch(RowResult::isWritten);
        if (filler > 0) {
            assertStagedInOneGo(filler + 3); // e1, e2 once, e3, the fillers
        }
        assertThat(count("t")).isEqualTo(3 + Math.max(filler, 1));
        assertThat(text("t", "a", EVENT_ID + " = 'e1'")).isEqualTo("old");
        assertThat(text("t", "a", EVENT_ID + " = 'e2'")).isEqualTo("first");
        assertThat(text("t", "b", EVENT_ID + " = 'e2'")).isNull();
    }

    @Test
    void aBatchWrittenTwiceMakesNoSecondRow() throws Exception {
        Warehouse w = warehouse();
        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("a", "fill")));
        assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
        assertThat(warehouse().write("t", batch, new MapSchemaCache())).allMatch(RowResult::isWritten);

        assertThat(count("t")).isEqualTo(BIG);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void primaryKeyDuplicatesAreMergedLastWinsKeepingUntouchedColumns(int filler) throws Exception {
        List<Row> pre = List.of(row("users", "p1", integer("id", 1), str("name", "n"), str("email", "m@x")));
        List<Row> batch = padded(filler, k -> row("users", "f" + k, integer("id", 1000 + k), str("name", "fill")),
                row("users", "e1", integer("id", 1), str("name", "n2")),
                row("users", "e2", integer("id", 2), str("name", "a"), str("email", "a@x")),
                row("users", "e3", integer("id", 2), str("name", "b")),
                row("users", "e4", integer("id", 3), str("name", "c"), str("email", "c@x")),
                row("users", "e5", integer("id", 3), str("email", "c2@x"), str("phone", "123")),
                row("users", "e6", number("id", "3.0"), str("name", "c3")),
                row("users", "no-key", str("name", "nobody")),
                row("users", "e7", integer("id", 1000), str("name", "overwrites a filler row")));

        List<RowResult> results = sameAsOneByOne("users", pre, batch, "id", "id");

        if (filler > 0) {
            assertStagedInOneGo(filler + 3); // ids 1, 2, 3 once each; e7 merged into the filler of id 1000
        }
        assertThat(results.get(filler / 2 + 6).reason())
                .isEqualTo("row for table \"users\" has no value for primary key field \"id\"");
        List<Map<String, Object>> rows = rows("users", "id");
        assertThat(rows.get(0)).containsEntry("name", "n2").containsEntry("email", "m@x").containsEntry(EVENT_ID, "e1");
        assertThat(rows.get(1)).containsEntry("name", "b").containsEntry("email", "a@x").containsEntry(EVENT_ID, "e3");
        assertThat(rows.get(2)).containsEntry("name", "c3").containsEntry("email", "c2@x")
                .containsEntry("phone", "123").containsEntry(EVENT_ID, "e6");
    }

    @Test
    void upsertOfOnlyKeyColumnsInABatchDoesNothing() throws Exception {
        List<Row> batch = padded(BIG, k -> row("ids", null, integer("id", k)), row("ids", null, integer("id", 1)));

        sameAsOneByOne("ids", List.of(row("ids", null, integer("id", 1))), batch, "id", "id");

        assertThat(count("ids")).isEqualTo(BIG);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void hostileIdentifiers(int filler) throws Exception {
        String table = "we\"ird table";
        IntFunction<Row> fill = k -> new Row(table, "f" + k, List.of(str(EVENT_ID, "f" + k), integer("from", k),
                str("select", "s" + k)));
        List<Row> batch = padded(filler, fill,
                new Row(table, "e1", List.of(str(EVENT_ID, "e1"), integer("from", -1), str("select", "x"),
                        str("a\"b", "quote"), str(column("Mixed Case"), "mc"), str("luden_target", "lt"),
                        str("excluded", "ex"), str("c1", "c1"), str("a;b--", "semi"))),
                new Row(table, "e2", List.of(str(EVENT_ID, "e2"), integer("from", -1), str("select", "y"),
                        str("excluded", "ex2"))));

        // "from" is the primary key: the upsert's conflict target and SET clause quote it too
        List<RowResult> results = sameAsOneByOne(table, List.of(), batch, dialect().quote("select"), "from");

        assertThat(results).allMatch(RowResult::isWritten);
        if (filler > 0) {
            assertStagedInOneGo(filler + 1); // the two rows of key -1 merged into one
        }
        List<Map<String, Object>> merged = database().query("SELECT * FROM " + table(table) + " WHERE "
                + dialect().quote("from") + " = -1");
        assertThat(merged).singleElement().satisfies(r -> assertThat(r).containsEntry("select", "y")
                .containsEntry("a\"b", "quote").containsEntry("excluded", "ex2").containsEntry("luden_target", "lt")
                .containsEntry("a;b--", "semi"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void textEscapingSurvivesTheBulkPath(int filler) throws Exception {
        String[] values = {"tab\there", "new\nline", "cr\rhere", "crlf\r\n", "back\\slash", "\\N", "\\.", "\\", "end\\",
                "\\t not a tab", "emoji 😀 ü 中文 Ω", "", " ", "a\u0001b\u001f", "quote ' and \"", "a\u0000b",
                "x".repeat(10_000)};
        Row[] rows = new Row[values.length];
        for (int i = 0; i < values.length; i++) {
            rows[i] = row("t", "v" + i, str("s", values[i]), integer("i", i));
        }
        List<Row> batch = padded(filler, k -> row("t", "f" + k, str("s", "fill\t" + k)), rows);

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        if (filler > 0) {
            assertThat(isolationLog).isEmpty(); // a NUL that a database refuses goes alone, not by bisection
            assertThat(bulkWrites(stagedLog)).hasSize(1);
        }
        for (int i = 0; i < values.length; i++) {
            if (results.get(filler / 2 + i).isWritten()) {
                assertThat(text("t", "s", EVENT_ID + " = 'v" + i + "'")).isEqualTo(values[i]);
            } else {
                assertThat(values[i]).contains("\u0000"); // PostgreSQL takes no NUL in text, bound or copied
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void timestampsAndNumbersAreStoredAsTheSingleRowInsertStoresThem(int filler) throws Exception {
        List<Row> pre = timestampAndNumberPre();
        Row[] rows = timestampAndNumberRows();
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("ts", "2020-01-01T00:00:0" + (k % 10) + "Z")), rows);

        List<RowResult> results = sameAsOneByOne("t", pre, batch, EVENT_ID);

        assertThat(results).allMatch(RowResult::isWritten);
        if (filler > 0) {
            assertStagedInOneGo(filler + rows.length);
        }
        assertThat(text("t", "ts", EVENT_ID + " = 'space'")).isEqualTo("2021-02-03 09:35:06");
        assertThat(text("t", "ts", EVENT_ID + " = 'nanos'")).isEqualTo("2021-02-03 04:05:06.123456");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void timestampWithTimeZoneAndExactDecimalColumns(int filler) throws Exception {
        createInBoth("t", dialect().quote(EVENT_ID) + " " + textType()
                + " UNIQUE, tz timestamp with time zone, amount numeric(12,4), r real, d date");
        List<Row> batch = padded(filler, k -> row("t", "f" + k, ts("tz", "2020-01-01T10:00:00+02:00")),
                row("t", "year10000", ts("tz", "9999-12-31T23:00:00-05:00")),
                row("t", "a", ts("tz", "2021-06-01T10:00:00.123456-07:00"), number("amount", "1.50"),
                        number("r", "0.1"), str("d", "2020-02-29")),
                row("t", "b", ts("tz", "0001-01-01T00:00:00Z"), number("amount", "100000.0"), integer("r", 3),
                        new Field("d", DataType.STRING, "2020-03-01", "date", "date")),
                row("t", "c", number("amount", "12.34567")),
                row("t", "d", str("d", "not a date")),
                // DuckDB's driver binds neither of these as its value (refused; NULL): the batch must do as it does
                row("t", "exponent", number("amount", "1E+5")),
                row("t", "digits", number("amount", "1." + "0".repeat(42))));

        List<RowResult> results = sameAsOneByOne("t", List.of(), batch, EVENT_ID);

        assertThat(kinds(results.subList(filler / 2 + 1, filler / 2 + 5))).containsExactly(
                RowResult.Kind.WRITTEN, RowResult.Kind.WRITTEN, RowResult.Kind.REFUSED, RowResult.Kind.REFUSED);
        Object epoch = database().query("SELECT CAST(EXTRACT(EPOCH FROM tz) AS BIGINT) AS v FROM " + table("t")
                + " WHERE " + EVENT_ID + " = 'a'").get(0).get("v");
        assertThat(((Number) epoch).longValue()).isEqualTo(1622566800L);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, BIG})
    void connectionLostMidBatchMakesEveryRowRetryAndWritesNothing(int filler) throws Exception {
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
        assertThat(count("t")).isEqualTo(1);

        // the next write reconnects and writes them
        assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);
        assertThat(count("t")).isEqualTo(3 + filler);
        assertThat(FailingCommitDriver.opened(schema)).isEqualTo(2);
    }

    @Test
    protected void aOneRowBatchIsTheSingleRowAutocommittedInsert() throws Exception {
        Warehouse w = warehouse(database().settings(schema, FailingCommitDriver.parameters(schema)));
        w.write(row("t", "pre", integer("n", 1)), cache);
        // no transaction: a commit that would fail is never asked for
        FailingCommitDriver.failCommits(schema, 1);

        assertThat(w.write("t", List.of(row("t", "e1", integer("n", 2))), cache)).containsExactly(RowResult.written());
        Row bad = row("t", "e2", str("n", "abc"));
        List<RowResult> refused = w.write("t", List.of(bad), cache);

        assertThat(refused).containsExactly(RowResult.refused(refused(w, bad, cache).getMessage()));
        assertThat(count("t")).isEqualTo(2);
        FailingCommitDriver.failCommits(schema, 0);
    }

    @Test
    void anEmptyBatchIsNothing() {
        assertThat(warehouse().write("t", List.of(), cache)).isEmpty();
    }

    @Test
    void columnDroppedBehindTheCacheIsAddedAgainForTheWholeBatch() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e0", str("a", "1"), str("z", "1")), cache);
        exec("ALTER TABLE " + table("t") + " DROP COLUMN z");

        List<Row> batch = padded(BIG, k -> row("t", "f" + k, str("a", "fill"), str("z", "z" + k)));
        assertThat(w.write("t", batch, cache)).allMatch(RowResult::isWritten);

        assertThat(count("t")).isEqualTo(BIG + 1);
        assertThat(text("t", "z", EVENT_ID + " = 'f7'")).isEqualTo("z7");
    }
}
