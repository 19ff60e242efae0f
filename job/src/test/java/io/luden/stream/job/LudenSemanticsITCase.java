package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.EventIds;
import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.testing.PostgresFixture;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Luden's pipeline steps end to end on a MiniCluster into a real PostgreSQL: lookup enrichment with
 * MaxMind's test database and uap rules, a JavaScript transform splitting events into rows of two
 * tables with typed columns, and mapping rules.
 */
class LudenSemanticsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    private final PostgresFixture pg = PostgresFixture.get();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private String destination(String id, String schema, String extra) {
        return PipelineRunner.postgresDestination(pg, id, schema, extra);
    }

    /** Every event of Jitsu's {@code *output*.json} fixtures, one per line; the mocked shared id removed. */
    private List<String> jitsuOutputEvents() throws Exception {
        Path data = TestData.path("jitsu/server/test_data");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(".*output.*\\.json")).sorted().toList()) {
                JsonNode node = json.readTree(f.toFile());
                for (JsonNode e : node.isArray() ? node : List.of(node)) {
                    ObjectNode event = (ObjectNode) e;
                    if ("mockeduuid".equals(event.path("eventn_ctx_event_id").asText())) {
                        event.remove("eventn_ctx_event_id"); // Jitsu's tests mock every id to one value
                    }
                    lines.add(json.writeValueAsString(event));
                }
            }
        }
        return lines;
    }

    @Test
    void jitsuFixturesGetLocationAndParsedUserAgent() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        List<String> lines = jitsuOutputEvents();
        lines.add("{\"event_type\":\"london\",\"source_ip\":\"81.2.69.142\",\"user_agent\":\"" + CHROME_MAC + "\"}");
        lines.add("{\"event_type\":\"london\",\"source_ip\":\"10.0.0.1, 216.160.83.56\",\"eventn_ctx\":{\"user_agent\":"
                + "\"Googlebot/2.1 (+http://www.google.com/bot.html)\"}}");
        Files.write(run.spool().resolve("jitsu.log"), lines);
        var config = run.config("geo: {maxmind_path: " + TestData.path("geo/GeoLite2-City-Test.mmdb") + "}\n"
                + "destinations:\n" + destination("pg", "enriched", "    data_layout: {table_name_template: '{{.event_type}}'}\n"));

        Map<String, Map<String, Long>> summary = run.run(config);

        // 40 events in Jitsu's 28 *output*.json files, and the two London ones. One table per event_type;
        // the 4 events without one (api_fact_output_1.0, api_fact_output_2.0, fact_output_1.0,
        // singer_output_schema) are skipped, as the template yields "null". The events of one event_type
        // agree on every column's type, so none fails.
        assertThat(lines).hasSize(42);
        assertThat(summary.get("pg")).isEqualTo(Map.of(Summary.READ, 42L, Summary.LOADED, 38L, Summary.SKIPPED, 4L,
                Summary.FAILED, 0L, Summary.WAITING, 0L));
        assertThat(run.lines("failed", "dst=pg")).isEmpty();
        // the fixtures hold some events in several forms (2.0 and compat) under one id: one row per id, 26 in all
        Map<String, Long> rowsPerTable = new TreeMap<>();
        for (Map<String, Object> t : pg.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'enriched'")) {
            String table = (String) t.get("table_name");
            rowsPerTable.put(table, (Long) pg.query("SELECT count(*) AS n FROM enriched.\"" + table + "\"").get(0).get("n"));
        }
        assertThat(rowsPerTable).isEqualTo(Map.ofEntries(entry("alias", 1L), entry("group", 1L), entry("identify", 2L),
                entry("login", 1L), entry("london", 2L), entry("open_email", 3L), entry("page", 5L), entry("pageview", 7L),
                entry("screen", 1L), entry("track", 2L), entry("user_tapped_purchase_button", 1L)));
        // the London events are lines 41 and 42 of the spool file; columns only the other one has are null
        String spoolFile = "file:" + run.spool().resolve("jitsu.log").toAbsolutePath();
        assertThat(nonNull(pg.query("SELECT * FROM enriched.london WHERE source_ip = '81.2.69.142'")))
                .containsExactly(Map.ofEntries(entry("event_type", "london"),
                        entry("eventn_ctx_event_id", EventIds.deterministicId(spoolFile, 41)),
                        entry("source_ip", "81.2.69.142"), entry("user_agent", CHROME_MAC),
                        entry("location_city", "London"), entry("location_region", "ENG"), entry("location_country", "GB"),
                        entry("location_country_name", "United Kingdom"), entry("location_continent", "Europe"),
                        entry("location_latitude", 51.5142), entry("location_longitude", -0.0931),
                        entry("parsed_ua_ua_family", "Chrome"), entry("parsed_ua_ua_version", "120.0.0"),
                        entry("parsed_ua_os_family", "Mac OS X"), entry("parsed_ua_os_version", "10.15.7"),
                        entry("parsed_ua_device_brand", "Apple"), entry("parsed_ua_device_family", "Mac"),
                        entry("parsed_ua_device_model", "Mac")));
        // a comma list: the first address the database knows wins; the UA inside eventn_ctx
        assertThat(nonNull(pg.query("SELECT * FROM enriched.london WHERE source_ip LIKE '10.0.0.1,%'")))
                .containsExactly(Map.ofEntries(entry("event_type", "london"),
                        entry("eventn_ctx_event_id", EventIds.deterministicId(spoolFile, 42)),
                        entry("source_ip", "10.0.0.1, 216.160.83.56"),
                        entry("eventn_ctx_user_agent", "Googlebot/2.1 (+http://www.google.com/bot.html)"),
                        entry("eventn_ctx_location_city", "Milton"), entry("eventn_ctx_location_zip", "98354"),
                        entry("eventn_ctx_location_region", "WA"), entry("eventn_ctx_location_country", "US"),
                        entry("eventn_ctx_location_country_name", "United States"),
                        entry("eventn_ctx_location_continent", "North America"),
                        entry("eventn_ctx_location_latitude", 47.2513), entry("eventn_ctx_location_longitude", -122.3149),
                        entry("eventn_ctx_parsed_ua_ua_family", "Googlebot"), entry("eventn_ctx_parsed_ua_ua_version", "2.1"),
                        entry("eventn_ctx_parsed_ua_bot", true), entry("eventn_ctx_parsed_ua_device_brand", "Spider"),
                        entry("eventn_ctx_parsed_ua_device_family", "Spider"),
                        entry("eventn_ctx_parsed_ua_device_model", "Desktop")));
        // Jitsu's own fixtures (fact_output_2.0 and the 6 like it): the Go-http-client agent parsed, the address
        // unknown to the test database (no location_ columns); __HTTP_CONTEXT__ never becomes columns
        assertThat(pg.query("SELECT parsed_ua_ua_family AS f, parsed_ua_ua_version AS v, count(*) AS n"
                + " FROM enriched.pageview GROUP BY 1, 2")).extracting(r -> r.get("f") + " " + r.get("v") + " " + r.get("n"))
                .containsExactly("Go-http-client 1.1 7");
        assertThat(pg.declaredTypes("enriched", "pageview")).isEqualTo(Map.ofEntries(
                entry("_timestamp", "timestamp without time zone"), entry("api_key", "text"),
                entry("click_id_gclid", "text"), entry("doc_encoding", "text"), entry("doc_host", "text"),
                entry("doc_path", "text"), entry("doc_search", "text"), entry("event_type", "text"),
                entry("eventn_ctx_event_id", "text"), entry("local_tz_offset", "bigint"), entry("page_title", "text"),
                entry("parsed_ua_ua_family", "text"), entry("parsed_ua_ua_version", "text"), entry("referer", "text"),
                entry("screen_resolution", "text"), entry("source_ip", "text"), entry("src", "text"), entry("url", "text"),
                entry("user_agent", "text"), entry("user_anonymous_id", "text"), entry("user_hashed_anonymous_id", "text"),
                entry("user_language", "text"), entry("utc_time", "timestamp without time zone"), entry("vp_size", "text")));
    }

    @Test
    void transformSplitsOneEventIntoThreeRowsInTwoTablesWithTypedColumns() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("orders.log"), String.join("\n",
                "{\"eventn_ctx_event_id\":\"o1\",\"event_type\":\"order\",\"order_id\":7,\"revenue\":\"19.90\","
                        + "\"products\":[{\"sku\":\"a\",\"quantity\":1,\"price\":\"9.95\"},{\"sku\":\"b\",\"quantity\":1,\"price\":\"9.95\"}]}",
                "{\"eventn_ctx_event_id\":\"h1\",\"event_type\":\"heartbeat\"}",
                "{\"eventn_ctx_event_id\":\"p1\",\"event_type\":\"pageview\",\"user\":{\"id\":\"u1\",\"email\":\"a@b.c\"}}",
                "{\"eventn_ctx_event_id\":\"x1\",\"event_type\":\"boom\"}", ""));
        String transform = String.join("\n",
                "      transform: |",
                "        if ($.event_type === 'heartbeat') return null;",
                "        if ($.event_type === 'boom') throw new Error('no boom events');",
                "        if ($.user) delete $.user.email;",
                "        if ($.event_type !== 'order') return $;",
                "        var products = $.products; delete $.products;",
                "        $[TABLE_NAME] = 'orders';",
                "        $.__sql_type_revenue = 'numeric(12,2)';",
                "        var rows = [$];",
                "        products.forEach(function (p, i) {",
                "          var item = {order_id: $.order_id, position: i, sku: p.sku, price: p.price,",
                "                      __sql_type_price: ['numeric(12,2)', 'numeric(12,2)'], eventn_ctx_event_id: 'nope'};",
                "          item[TABLE_NAME] = 'order_items';",
                "          rows.push(item);",
                "        });",
                "        return rows;", "");
        var config = run.config("destinations:\n" + destination("pg", "shop",
                "    data_layout:\n      table_name_template: '{{.event_type}}'\n" + transform));

        Map<String, Map<String, Long>> summary = run.run(config);

        assertThat(summary.get("pg")).isEqualTo(Map.of(Summary.READ, 4L, Summary.LOADED, 2L, Summary.SKIPPED, 1L,
                Summary.FAILED, 1L, Summary.WAITING, 0L));
        // no products, no JITSU_TABLE_NAME column
        assertThat(pg.declaredTypes("shop", "orders")).isEqualTo(Map.of("_timestamp", "timestamp without time zone",
                "event_type", "text", "eventn_ctx_event_id", "text", "order_id", "bigint", "revenue", "numeric(12,2)"));
        assertThat(withoutReadTime(pg.query("SELECT * FROM shop.orders"))).containsExactly(Map.of("event_type", "order",
                "eventn_ctx_event_id", "o1", "order_id", 7L, "revenue", new java.math.BigDecimal("19.90")));
        assertThat(pg.declaredTypes("shop", "order_items")).isEqualTo(Map.of("_timestamp", "timestamp without time zone",
                "eventn_ctx_event_id", "text", "order_id", "bigint", "position", "bigint", "price", "numeric(12,2)",
                "sku", "text"));
        assertThat(withoutReadTime(pg.query("SELECT * FROM shop.order_items ORDER BY position"))).containsExactly(
                Map.of("eventn_ctx_event_id", "o1_1", "order_id", 7L, "position", 0L, "sku", "a",
                        "price", new java.math.BigDecimal("9.95")),
                Map.of("eventn_ctx_event_id", "o1_2", "order_id", 7L, "position", 1L, "sku", "b",
                        "price", new java.math.BigDecimal("9.95")));
        assertThat(withoutReadTime(pg.query("SELECT * FROM shop.pageview")))
                .containsExactly(Map.of("event_type", "pageview", "eventn_ctx_event_id", "p1", "user_id", "u1"));
        assertThat(pg.declaredTypes("shop", "heartbeat")).isEmpty();
        List<String> failed = run.lines("failed", "dst=pg");
        assertThat(failed).singleElement().satisfies(l -> {
            JsonNode f = json.readTree(l);
            assertThat(f.get("event_id").asText()).isEqualTo("x1");
            assertThat(f.get("destination_id").asText()).isEqualTo("pg");
            assertThat(f.get("error").asText()).isEqualTo("transform: Error: no boom events at line 2");
        });
    }

    @Test
    void mappingsMoveRemoveCastAndSetConstants() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.writeString(run.spool().resolve("m.log"),
                "{\"eventn_ctx_event_id\":\"m1\",\"event_type\":\"pageview\",\"user\":{\"id\":\"u9\",\"name\":\"N\"},"
                        + "\"page_title\":\"Home\",\"user_agent\":\"curl/8\",\"local_tz_offset\":\"-60\",\"amount\":\"12.50\"}\n");
        var config = run.config("destinations:\n" + destination("pg", "mapped", String.join("\n",
                "    data_layout:",
                "      table_name_template: '{{.event_type}}'",
                "      mappings:",
                "        keep_unmapped: true",
                "        fields:",
                "          - {src: /user/id, dst: /user_id, action: move}",
                "          - {src: /page_title, dst: /title, action: move, type: text}",
                "          - {src: /user_agent, action: remove}",
                "          - {dst: /local_tz_offset, action: cast, type: integer}",
                "          - {dst: /amount, action: cast, type: 'numeric(10,2)'}",
                "          - {dst: /source, action: constant, value: web}",
                "          - {dst: /schema_version, action: constant, value: 2}", "")));

        assertThat(run.run(config).get("pg")).isEqualTo(Map.of(Summary.READ, 1L, Summary.LOADED, 1L,
                Summary.SKIPPED, 0L, Summary.FAILED, 0L, Summary.WAITING, 0L));

        // no page_title, user_agent or user_id_1; parsed_ua_ comes from the user agent before the mapping removed it
        assertThat(pg.declaredTypes("mapped", "pageview")).isEqualTo(Map.ofEntries(
                entry("_timestamp", "timestamp without time zone"), entry("amount", "numeric(10,2)"),
                entry("event_type", "text"), entry("eventn_ctx_event_id", "text"), entry("local_tz_offset", "bigint"),
                entry("parsed_ua_ua_family", "text"), entry("parsed_ua_ua_version", "text"),
                entry("schema_version", "bigint"), entry("source", "text"), entry("title", "text"),
                entry("user_id", "text"), entry("user_name", "text")));
        assertThat(withoutReadTime(pg.query("SELECT * FROM mapped.pageview"))).containsExactly(Map.ofEntries(
                entry("amount", new java.math.BigDecimal("12.50")), entry("event_type", "pageview"),
                entry("eventn_ctx_event_id", "m1"), entry("local_tz_offset", -60L),
                entry("parsed_ua_ua_family", "curl"), entry("parsed_ua_ua_version", "8"), entry("schema_version", 2L),
                entry("source", "web"), entry("title", "Home"), entry("user_id", "u9"), entry("user_name", "N")));
    }

    /** The rows without {@code _timestamp}: these events have none, so it is the time the job read them. */
    private static List<Map<String, Object>> withoutReadTime(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("_timestamp");
            out.add(copy);
        }
        return out;
    }

    /** {@link #withoutReadTime} and without the columns that are null in the row. */
    private static List<Map<String, Object>> nonNull(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = withoutReadTime(rows);
        out.forEach(r -> r.values().removeIf(java.util.Objects::isNull));
        return out;
    }
}
