package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.luden.stream.functions.ColumnNames;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.duckdb.DuckDbDialect;
import io.luden.stream.sinks.postgres.PostgresDialect;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 item 6: every hostile spool line has a defined outcome — a row with the exact value, a
 * {@code failed} line naming the reason, or a skip — and none stops the job. One bounded run of the
 * real topology (MiniCluster, parallelism 2) over one spool file that holds every hostile line, each
 * followed by a normal event ({@code after-<case>}) that must load; both an embedded PostgreSQL and
 * a DuckDB destination take every event. Each test then asserts one case's outcome by event id.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileInputITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String SCHEMA = "hostile";
    static final int FIVE_MB = 5 * 1024 * 1024;
    static final String SQL_KEY = "\"; DROP TABLE x; --";
    static final String QUOTE_KEY = "it's \"quoted\"";
    static final String BACKSLASH_KEY = "back\\slash\\";
    static final String NUL_KEY = "nul\u0000key";
    static final String EMOJI_KEY = "emoji\uD83C\uDF89key";
    static final String LONG_KEY = "k".repeat(299) + "z";
    static final String HOSTILE_VALUE = "x'); DROP TABLE events; -- \"q\" \\ \uD83C\uDF89";

    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PostgresFixture PG = PostgresFixture.get();
    private static PipelineRunner run;
    private static Map<String, Map<String, Long>> summary;
    private static Path duckDb;
    private static Throwable runFailure;
    /** Line number of each case's hostile line in the spool file. */
    private static final Map<String, Long> LINE_OF = new LinkedHashMap<>();

    /** The job runs once, for all tests (inside the first test, where the MiniCluster's environment is set). */
    @BeforeEach
    void runTheJobOnce() throws Exception {
        synchronized (HostileInputITCase.class) {
            if (summary != null) {
                return;
            }
            if (runFailure != null) {
                throw new IllegalStateException("the job run failed in an earlier test", runFailure);
            }
            PG.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            run = new PipelineRunner(dir);
            duckDb = dir.resolve("warehouse.duckdb");
            Files.write(run.spool().resolve("hostile.log"), spoolFile());
            var config = run.config("destinations:\n"
                    + "  pg:\n"
                    + "    type: postgres\n"
                    + "    datasource: {host: localhost, port: " + PG.port() + ", db: postgres, schema: " + SCHEMA
                    + ", username: postgres, password: postgres}\n"
                    + "    data_layout: {table_name_template: '{{.table}}'}\n"
                    + "  duck:\n"
                    + "    type: duckdb\n"
                    + "    datasource: {path: " + duckDb + "}\n"
                    + "    data_layout: {table_name_template: '{{.table}}'}\n");
            try {
                summary = run.run(config);
            } catch (Exception | Error e) {
                runFailure = e;
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- the spool file

    private static final class Lines {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long line;

        void add(String caseName, byte[] hostile) {
            write(hostile);
            LINE_OF.put(caseName, line);
            write(("{\"eventn_ctx_event_id\":\"after-" + caseName + "\",\"table\":\"events\",\"n\":" + (line + 1) + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        void add(String caseName, String hostile) {
            add(caseName, hostile.getBytes(StandardCharsets.UTF_8));
        }

        private void write(byte[] bytes) {
            out.writeBytes(bytes);
            out.write('\n');
            line++;
        }
    }

    /** An event with id {@code id} into table events, plus the given fields (JSON text, without braces). */
    static String event(String id, String fields) {
        return "{\"eventn_ctx_event_id\":\"" + id + "\",\"table\":\"events\"," + fields + "}";
    }

    static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event nested {@code depth} levels deep, counting the event object itself: {"d":{"d":…{"leaf":1}}}. */
    static String deep(String id, int depth) {
        StringBuilder s = new StringBuilder("{\"eventn_ctx_event_id\":\"" + id + "\",\"table\":\"events\",\"d\":");
        s.append("{\"d\":".repeat(depth - 2)).append("{\"leaf\":1}").append("}".repeat(depth - 2)).append('}');
        return s.toString();
    }

    static String bigText() {
        StringBuilder s = new StringBuilder(FIVE_MB);
        String chunk = "0123456789abcdef-\u00e9"; // 18 chars, one of them two bytes in UTF-8
        while (s.length() < FIVE_MB) {
            s.append(chunk, 0, Math.min(chunk.length(), FIVE_MB - s.length()));
        }
        return s.toString();
    }

    static byte[] spoolFile() {
        Lines l = new Lines();
        l.add("first", event("first", "\"n\":0"));
        // invalid JSON
        l.add("truncated", "{\"eventn_ctx_event_id\":\"truncated\",\"a\":");
        l.add("nan", "{\"eventn_ctx_event_id\":\"nan\",\"a\":NaN}");
        l.add("two-objects", "{\"a\":1}{\"b\":2}");
        l.add("single-quotes", "{'a':1}");
        // not an object
        l.add("array", "[{\"eventn_ctx_event_id\":\"array\"}]");
        l.add("number", "42");
        l.add("string", "\"just a string\"");
        l.add("null", "null");
        l.add("true", "true");
        // invalid UTF-8: a stray byte, an overlong encoding of '/', a UTF-8-encoded surrogate
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.writeBytes("{\"eventn_ctx_event_id\":\"bad-utf8\",\"table\":\"events\",\"s\":\"ab".getBytes(StandardCharsets.UTF_8));
        utf8.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        utf8.writeBytes("cd\"}".getBytes(StandardCharsets.UTF_8));
        l.add("bad-utf8", utf8.toByteArray());
        // a JSON escape of a lone surrogate: valid JSON, but no Unicode text
        l.add("lone-surrogate", event("lone-surrogate", "\"lone\":\"a\\ud800b\""));
        // 5 MB
        l.add("big", event("big", "\"big_text\":" + quoted(bigText())));
        // nesting
        l.add("deep-1000", deep("deep-1000", 1000));
        l.add("deep-1001", deep("deep-1001", 1001));
        l.add("deep-100000", "{\"eventn_ctx_event_id\":\"deep-100000\",\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        // numbers
        l.add("big-int", event("big-int", "\"big_int\":123456789012345678901234567890"));
        l.add("big-float", event("big-float", "\"big_float\":1e400"));
        l.add("big-negative-float", event("big-negative-float", "\"big_negative_float\":-1e400"));
        l.add("tiny-float", event("tiny-float", "\"tiny_float\":1e-400"));
        // timestamps
        l.add("year0", event("year0", "\"ts_year0\":\"0000-01-01T00:00:00Z\""));
        l.add("year99999", event("year99999", "\"ts_year99999\":\"99999-01-01T00:00:00Z\""));
        l.add("timestamp-year0", event("timestamp-year0", "\"_timestamp\":\"0000-01-01T00:00:00Z\""));
        l.add("timestamp-year99999", event("timestamp-year99999", "\"_timestamp\":\"99999-01-01T00:00:00Z\""));
        // keys
        l.add("sql-key", event("sql-key", quoted(SQL_KEY) + ":" + quoted(HOSTILE_VALUE)));
        l.add("quote-key", event("quote-key", quoted(QUOTE_KEY) + ":\"q\""));
        l.add("backslash-key", event("backslash-key", quoted(BACKSLASH_KEY) + ":\"b\""));
        l.add("nul-key", event("nul-key", quoted(NUL_KEY) + ":\"n\""));
        l.add("nul-value", event("nul-value", "\"nul_value\":\"a\\u0000b\""));
        l.add("emoji-key", event("emoji-key", quoted(EMOJI_KEY) + ":\"\uD83C\uDF89\""));
        l.add("long-key", event("long-key", quoted(LONG_KEY) + ":\"long\""));
        // table names
        l.add("table-select", "{\"eventn_ctx_event_id\":\"table-select\",\"table\":\"select\",\"v\":1}");
        l.add("table-user", "{\"eventn_ctx_event_id\":\"table-user\",\"table\":\"User\",\"v\":2}");
        l.add("table-sql", "{\"eventn_ctx_event_id\":\"table-sql\",\"table\":\"x\\\"; DROP TABLE events; --\",\"v\":3}");
        l.add("table-empty", "{\"eventn_ctx_event_id\":\"table-empty\",\"table\":\"\",\"v\":4}");
        l.add("table-null", "{\"eventn_ctx_event_id\":\"table-null\",\"table\":null,\"v\":5}");
        l.add("table-null-text", "{\"eventn_ctx_event_id\":\"table-null-text\",\"table\":\"null\",\"v\":6}");
        l.add("table-long", "{\"eventn_ctx_event_id\":\"table-long\",\"table\":\"" + "t".repeat(299) + "z\",\"v\":8}");
        l.add("table-missing", "{\"eventn_ctx_event_id\":\"table-missing\",\"v\":7}");
        // duplicate keys
        l.add("dup-keys", event("dup-keys", "\"dup_a\":1,\"dup_a\":2,\"dup_o\":{\"x\":1},\"dup_o\":{\"y\":2}"));
        l.add("dup-id", "{\"eventn_ctx_event_id\":\"dup-id-1\",\"table\":\"events\",\"eventn_ctx_event_id\":\"dup-id-2\"}");
        return l.out.toByteArray();
    }

    // ---------------------------------------------------------------- reading the outcome

    static List<Map<String, Object>> duck(String sql) throws Exception {
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:" + duckDb, new Properties());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The one Postgres row of event {@code id} in table {@code table}, selecting {@code what}. */
    static Map<String, Object> pgRow(String table, String id, String what) {
        List<Map<String, Object>> rows = PG.query("SELECT " + what + " FROM " + SCHEMA + ".\"" + table
                + "\" WHERE eventn_ctx_event_id = ?", id);
        assertThat(rows).as("rows of %s in postgres %s", id, table).hasSize(1);
        return rows.get(0);
    }

    static Map<String, Object> duckRow(String table, String id, String what) throws Exception {
        List<Map<String, Object>> rows = duck("SELECT " + what + " FROM main.\"" + table
                + "\" WHERE eventn_ctx_event_id = '" + id + "'");
        assertThat(rows).as("rows of %s in duckdb %s", id, table).hasSize(1);
        return rows.get(0);
    }

    static boolean pgHas(String table, String id) {
        return !PG.query("SELECT 1 FROM " + SCHEMA + ".\"" + table + "\" WHERE eventn_ctx_event_id = ?", id).isEmpty();
    }

    static boolean duckHas(String table, String id) throws Exception {
        return !duck("SELECT 1 FROM main.\"" + table + "\" WHERE eventn_ctx_event_id = '" + id + "'").isEmpty();
    }

    /** The normal event after case {@code name} loaded into both warehouses: the job went on. */
    static void jobWentOnAfter(String name) throws Exception {
        String id = "after-" + name;
        assertThat(pgRow("events", id, "n").get("n")).isEqualTo(LINE_OF.get(name) + 1);
        assertThat(duckRow("events", id, "n").get("n")).isEqualTo(LINE_OF.get(name) + 1);
    }

    /** The malformed line of case {@code name} (by its line number), asserting there is exactly one. */
    static JsonNode malformed(String name) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : run.lines("failed", "malformed")) {
            JsonNode f = JSON.readTree(line);
            if (f.get("line").asLong() == LINE_OF.get(name)) {
                found.add(f);
            }
        }
        assertThat(found).as("malformed lines of %s", name).hasSize(1);
        assertThat(found.get(0).get("error").asText()).startsWith("malformed event: ");
        assertThat(found.get(0).get("file").asText()).endsWith("hostile.log");
        return found.get(0);
    }

    /** The failed line of event {@code id} at {@code destination}, asserting there is exactly one and no row. */
    static JsonNode failed(String destination, String id) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String line : run.lines("failed", "dst=" + destination)) {
            JsonNode f = JSON.readTree(line);
            if (f.get("event_id").asText().equals(id)) {
                found.add(f);
            }
        }
        assertThat(found).as("failed lines of %s at %s", id, destination).hasSize(1);
        return found.get(0);
    }

    static void failedInBoth(String id, String... reasonParts) throws Exception {
        for (String destination : List.of("pg", "duck")) {
            assertThat(failed(destination, id).get("error").asText()).as("error at %s", destination).contains(reasonParts);
        }
        assertThat(pgHas("events", id)).isFalse();
        assertThat(duckHas("events", id)).isFalse();
    }

    static String md5(String s) throws Exception {
        return String.format("%032x", new BigInteger(1, MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8))));
    }

    // ---------------------------------------------------------------- one test per hostile input

    @Test
    void invalidJsonGoesToMalformedWithTheParserErrorAndItsRawText() throws Exception {
        Map<String, String> cases = Map.of(
                "truncated", "Unexpected end-of-input",
                "nan", "Non-standard token 'NaN'",
                "two-objects", "Trailing token",
                "single-quotes", "was expecting double-quote");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode m = malformed(c.getKey());
            assertThat(m.get("error").asText()).startsWith("malformed event: invalid JSON: ").contains(c.getValue());
            jobWentOnAfter(c.getKey());
        }
        assertThat(malformed("two-objects").get("malformed_event").asText()).isEqualTo("{\"a\":1}{\"b\":2}");
        assertThat(pgHas("events", "truncated")).isFalse();
    }

    @Test
    void jsonArrayOrScalarLineGoesToMalformedNamingWhatTheLineHolds() throws Exception {
        Map<String, String> cases = Map.of("array", "array", "number", "integer", "string", "string",
                "null", "null", "true", "boolean");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThat(malformed(c.getKey()).get("error").asText()).isEqualTo("malformed event: not a JSON object:"
                    + " the line holds a JSON " + c.getValue() + ", an event must be an object {...}");
            jobWentOnAfter(c.getKey());
        }
        assertThat(malformed("array").get("malformed_event").asText()).isEqualTo("[{\"eventn_ctx_event_id\":\"array\"}]");
        assertThat(pgHas("events", "array")).isFalse();
    }

    @Test
    void invalidUtf8GoesToMalformedNamingTheBadBytesNeverLoadedWithReplacementCharacters() throws Exception {
        int offset = "{\"eventn_ctx_event_id\":\"bad-utf8\",\"table\":\"events\",\"s\":\"ab".getBytes(StandardCharsets.UTF_8).length;
        JsonNode m = malformed("bad-utf8");
        assertThat(m.get("error").asText()).isEqualTo("malformed event: invalid UTF-8: byte 0xFF at byte offset "
                + offset + " of the line (shown as U+FFFD in malformed_event)");
        assertThat(m.get("malformed_event").asText()).startsWith("{\"eventn_ctx_event_id\":\"bad-utf8\"")
                .contains("ab\uFFFD").endsWith("cd\"}");
        assertThat(pgHas("events", "bad-utf8")).isFalse();
        assertThat(duckHas("events", "bad-utf8")).isFalse();
        jobWentOnAfter("bad-utf8");
    }

    @Test
    void unpairedSurrogateEscapeGoesToMalformedNeverLoadedAsQuestionMark() throws Exception {
        assertThat(malformed("lone-surrogate").get("error").asText()).isEqualTo("malformed event: invalid JSON:"
                + " the value at /lone holds an unpaired surrogate escape (\\ud800-\\udfff without its pair),"
                + " which is not Unicode text");
        assertThat(pgHas("events", "lone-surrogate")).isFalse();
        assertThat(duckHas("events", "lone-surrogate")).isFalse();
        jobWentOnAfter("lone-surrogate");
    }

    @Test
    void fiveMegabyteStringLoadsWholeAsText() throws Exception {
        String expected = md5(bigText());
        Map<String, Object> pg = pgRow("events", "big", "length(big_text) AS n, md5(big_text) AS h");
        assertThat(((Number) pg.get("n")).longValue()).isEqualTo(FIVE_MB);
        assertThat(pg.get("h")).isEqualTo(expected);
        Map<String, Object> duck = duckRow("events", "big", "length(big_text) AS n, md5(big_text) AS h");
        assertThat(((Number) duck.get("n")).longValue()).isEqualTo(FIVE_MB);
        assertThat(duck.get("h")).isEqualTo(expected);
        assertThat(PG.columnTypes(SCHEMA, "events")).containsEntry("big_text", "text");
        jobWentOnAfter("big");
    }

    @Test
    void nesting1000DeepLoadsTheLeafIntoOneFoldedColumn() throws Exception {
        String flat = "d_".repeat(999) + "leaf";
        String pgColumn = ColumnNames.fold(flat, PostgresDialect.MAX_COLUMN_NAME_LENGTH);
        String duckColumn = ColumnNames.fold(flat, DuckDbDialect.MAX_COLUMN_NAME_LENGTH);
        assertThat(pgColumn).hasSize(59).endsWith("_d_d_le");
        assertThat(pgRow("events", "deep-1000", "\"" + pgColumn + "\" AS v").get("v")).isEqualTo(1L);
        assertThat(duckRow("events", "deep-1000", "\"" + duckColumn + "\" AS v").get("v")).isEqualTo(1L);
        jobWentOnAfter("deep-1000");
    }

    @Test
    void nestingBeyond1000GoesToMalformedNamingTheLimitWithoutAStackOverflow() throws Exception {
        for (String c : List.of("deep-1001", "deep-100000")) {
            assertThat(malformed(c).get("error").asText()).startsWith("malformed event: invalid JSON: ")
                    .contains("exceeds the maximum allowed (1000");
            jobWentOnAfter(c);
        }
    }

    @Test
    void integerBeyondInt64FailsNamingTheRangeNeverRounded() throws Exception {
        failedInBoth("big-int", "column big_int: integer 123456789012345678901234567890 is outside the signed 64-bit range");
        assertThat(failed("pg", "big-int").get("event").get("big_int").bigIntegerValue())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        jobWentOnAfter("big-int");
    }

    @Test
    void floatBeyondDoubleFailsNamingTheNumberNeverInfinityOrZero() throws Exception {
        failedInBoth("big-float", "column big_float: number 1E+400 is beyond the range of a double");
        failedInBoth("big-negative-float", "column big_negative_float: number -1E+400 is beyond the range of a double");
        failedInBoth("tiny-float", "column tiny_float: number 1E-400 is nearer to 0 than the smallest double");
        // refused before the warehouse: no double column was created for them
        assertThat(PG.columnTypes(SCHEMA, "events")).doesNotContainKeys("big_float", "big_negative_float", "tiny_float");
        for (String c : List.of("big-float", "big-negative-float", "tiny-float")) {
            jobWentOnAfter(c);
        }
    }

    @Test
    void year0TimestampLoadsAsATimestampInAFieldAndInTimestamp() throws Exception {
        assertThat(PG.columnTypes(SCHEMA, "events")).containsEntry("ts_year0", "timestamp without time zone");
        // ISO-8601 year 0 is 1 BC
        assertThat(pgRow("events", "year0", "to_char(ts_year0, 'YYYY-MM-DD HH24:MI:SS BC') AS v").get("v"))
                .isEqualTo("0001-01-01 00:00:00 BC");
        assertThat(pgRow("events", "timestamp-year0", "to_char(_timestamp, 'YYYY-MM-DD HH24:MI:SS BC') AS v").get("v"))
                .isEqualTo("0001-01-01 00:00:00 BC");
        assertThat(duckRow("events", "year0", "CAST(ts_year0 AS VARCHAR) AS v").get("v")).isEqualTo("0001-01-01 (BC) 00:00:00");
        assertThat(duckRow("events", "timestamp-year0", "CAST(_timestamp AS VARCHAR) AS v").get("v"))
                .isEqualTo("0001-01-01 (BC) 00:00:00");
        jobWentOnAfter("year0");
        jobWentOnAfter("timestamp-year0");
    }

    @Test
    void year99999IsTextInAFieldAndFailsInTimestamp() throws Exception {
        assertThat(PG.columnTypes(SCHEMA, "events")).containsEntry("ts_year99999", "text");
        assertThat(pgRow("events", "year99999", "ts_year99999").get("ts_year99999")).isEqualTo("99999-01-01T00:00:00Z");
        assertThat(duckRow("events", "year99999", "ts_year99999").get("ts_year99999")).isEqualTo("99999-01-01T00:00:00Z");
        failedInBoth("timestamp-year99999", "column _timestamp must be a timestamp", "\"99999-01-01T00:00:00Z\"");
        jobWentOnAfter("year99999");
        jobWentOnAfter("timestamp-year99999");
    }

    @Test
    void sqlKeyBecomesAQuotedColumnAndAHostileValueLoadsExactly() throws Exception {
        assertThat(pgRow("events", "sql-key", "\"___drop_table_x____\" AS v").get("v")).isEqualTo(HOSTILE_VALUE);
        assertThat(duckRow("events", "sql-key", "\"___drop_table_x____\" AS v").get("v")).isEqualTo(HOSTILE_VALUE);
        jobWentOnAfter("sql-key");
    }

    @Test
    void quoteAndBackslashKeysBecomeUnderscoresInTheColumnName() throws Exception {
        assertThat(pgRow("events", "quote-key", "it_s__quoted_").get("it_s__quoted_")).isEqualTo("q");
        assertThat(duckRow("events", "quote-key", "it_s__quoted_").get("it_s__quoted_")).isEqualTo("q");
        assertThat(pgRow("events", "backslash-key", "back_slash_").get("back_slash_")).isEqualTo("b");
        assertThat(duckRow("events", "backslash-key", "back_slash_").get("back_slash_")).isEqualTo("b");
        jobWentOnAfter("quote-key");
        jobWentOnAfter("backslash-key");
    }

    @Test
    void nulInAKeyBecomesAnUnderscore() throws Exception {
        assertThat(pgRow("events", "nul-key", "nul_key").get("nul_key")).isEqualTo("n");
        assertThat(duckRow("events", "nul-key", "nul_key").get("nul_key")).isEqualTo("n");
        jobWentOnAfter("nul-key");
    }

    @Test
    void nulInAValueFailsInPostgresNamingTheByteAndLoadsExactlyInDuckDb() throws Exception {
        assertThat(failed("pg", "nul-value").get("error").asText()).contains("invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(failed("pg", "nul-value").get("event").get("nul_value").asText()).isEqualTo("a\u0000b");
        assertThat(pgHas("events", "nul-value")).isFalse();
        assertThat(duckRow("events", "nul-value", "nul_value").get("nul_value")).isEqualTo("a\u0000b");
        jobWentOnAfter("nul-value");
    }

    @Test
    void emojiKeyBecomesOneUnderscoreAndAnEmojiValueLoadsExactly() throws Exception {
        assertThat(pgRow("events", "emoji-key", "emoji_key").get("emoji_key")).isEqualTo("\uD83C\uDF89");
        assertThat(duckRow("events", "emoji-key", "emoji_key").get("emoji_key")).isEqualTo("\uD83C\uDF89");
        jobWentOnAfter("emoji-key");
    }

    @Test
    void threeHundredCharacterKeyKeepsItsLastCharactersUpToTheWarehouseLimit() throws Exception {
        assertThat(pgRow("events", "long-key", "\"" + LONG_KEY.substring(300 - 59) + "\" AS v").get("v")).isEqualTo("long");
        assertThat(duckRow("events", "long-key", "\"" + LONG_KEY.substring(300 - 255) + "\" AS v").get("v")).isEqualTo("long");
        jobWentOnAfter("long-key");
    }

    @Test
    void reservedWordAndSqlTableNamesAreQuotedTablesAndAnOverlongOneIsFolded() throws Exception {
        assertThat(pgRow("select", "table-select", "v").get("v")).isEqualTo(1L);
        assertThat(duckRow("select", "table-select", "v").get("v")).isEqualTo(1L);
        assertThat(pgRow("user", "table-user", "v").get("v")).isEqualTo(2L);
        assertThat(duckRow("user", "table-user", "v").get("v")).isEqualTo(2L);
        String sqlTable = ColumnNames.reformat("x\"; DROP TABLE events; --");
        assertThat(sqlTable).isEqualTo("x___drop_table_events____");
        assertThat(pgRow(sqlTable, "table-sql", "v").get("v")).isEqualTo(3L);
        assertThat(duckRow(sqlTable, "table-sql", "v").get("v")).isEqualTo(3L);
        // a 300-character name is folded like a column name, to the warehouse's limit (its last characters)
        assertThat(pgRow("t".repeat(58) + "z", "table-long", "v").get("v")).isEqualTo(8L);
        assertThat(duckRow("t".repeat(254) + "z", "table-long", "v").get("v")).isEqualTo(8L);
        for (String c : List.of("table-select", "table-user", "table-sql", "table-long")) {
            jobWentOnAfter(c);
        }
    }

    @Test
    void emptyNullOrMissingTableNameIsSkipped() throws Exception {
        List<String> skipped = List.of("table-empty", "table-null", "table-null-text", "table-missing");
        for (String destination : List.of("pg", "duck")) {
            assertThat(summary.get(destination).get(Summary.SKIPPED)).isEqualTo(skipped.size());
            assertThat(run.lines("failed", "dst=" + destination)).noneMatch(l -> l.contains("\"table-"));
            assertThat(run.lines("archive", "dst=" + destination)).noneMatch(l -> l.contains("\"table-empty\"")
                    || l.contains("\"table-null\"") || l.contains("\"table-null-text\"") || l.contains("\"table-missing\""));
        }
        assertThat(PG.query("SELECT table_name FROM information_schema.tables WHERE table_schema = ?", SCHEMA))
                .extracting(r -> r.get("table_name"))
                .containsExactlyInAnyOrder("events", "select", "user", "x___drop_table_events____", "t".repeat(58) + "z");
        for (String c : skipped) {
            jobWentOnAfter(c);
        }
    }

    @Test
    void duplicateKeysInOneObjectTheLaterWins() throws Exception {
        assertThat(pgRow("events", "dup-keys", "dup_a, dup_o_y").values()).containsExactly(2L, 2L);
        assertThat(duckRow("events", "dup-keys", "dup_a, dup_o_y").values()).containsExactly(2L, 2L);
        assertThat(PG.columnTypes(SCHEMA, "events")).doesNotContainKey("dup_o_x");
        assertThat(pgHas("events", "dup-id-2")).isTrue();
        assertThat(pgHas("events", "dup-id-1")).isFalse();
        assertThat(duckHas("events", "dup-id-2")).isTrue();
        jobWentOnAfter("dup-keys");
        jobWentOnAfter("dup-id");
    }

    // ---------------------------------------------------------------- the whole run

    @Test
    void everyLineIsAccountedForAndTheJobFinishes() throws Exception {
        assertThat(summary.get(Summary.SPOOL).get(Summary.MALFORMED)).isEqualTo(
                (long) run.lines("failed", "malformed").size());
        // every normal event, and the first one, loaded everywhere
        long normal = LINE_OF.size();
        assertThat(PG.query("SELECT count(*) AS n FROM " + SCHEMA + ".events WHERE eventn_ctx_event_id LIKE 'after-%'"))
                .singleElement().satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(normal));
        for (String destination : List.of("pg", "duck")) {
            Map<String, Long> d = summary.get(destination);
            assertThat(d.get(Summary.READ)).isEqualTo(
                    d.getOrDefault(Summary.LOADED, 0L) + d.getOrDefault(Summary.SKIPPED, 0L) + d.getOrDefault(Summary.FAILED, 0L));
            assertThat(d.getOrDefault(Summary.WAITING, 0L)).isZero();
        }
    }
}
