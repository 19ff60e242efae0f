package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Map;
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

        // Jitsu's fixtures disagree on some types (user_id a number here, a string there): in one table the
        // first one fixes the column and the others fail with the conflict named — nothing else fails.
        // One table per event_type; events without one are skipped (the template yields "null").
        Map<String, Long> pgSummary = summary.get("pg");
        assertThat(pgSummary.get(Summary.READ)).isEqualTo(lines.size());
        assertThat(pgSummary.get(Summary.LOADED) + pgSummary.get(Summary.FAILED) + pgSummary.get(Summary.SKIPPED))
                .isEqualTo(lines.size());
        assertThat(pgSummary.get(Summary.SKIPPED)).isEqualTo(lines.stream().filter(l -> !l.contains("\"event_type\"")).count());
        assertThat(pgSummary.get(Summary.LOADED)).isGreaterThanOrEqualTo(30);
        for (String failedLine : run.lines("failed", "dst=pg")) {
            assertThat(json.readTree(failedLine).get("error").asText()).matches("column \"[a-z_]+\" of table \"[a-z_]+\" has type .*");
        }
        List<Map<String, Object>> london = pg.query("SELECT * FROM enriched.london WHERE source_ip = '81.2.69.142'");
        assertThat(london).singleElement().satisfies(r -> {
            assertThat(r).contains(entry("location_city", "London"), entry("location_country", "GB"),
                    entry("location_country_name", "United Kingdom"), entry("location_continent", "Europe"));
            assertThat((Double) r.get("location_latitude")).isBetween(51.0, 52.0);
            assertThat(r).contains(entry("parsed_ua_ua_family", "Chrome"), entry("parsed_ua_ua_version", "120.0.0"),
                    entry("parsed_ua_os_family", "Mac OS X"));
            assertThat(r.get("parsed_ua_bot")).isNull();
        });
        // a comma list: the first address the database knows wins; the UA inside eventn_ctx
        assertThat(pg.query("SELECT * FROM enriched.london WHERE source_ip LIKE '10.0.0.1,%'")).singleElement()
                .satisfies(r -> {
                    assertThat(r).contains(entry("eventn_ctx_location_city", "Milton"),
                            entry("eventn_ctx_location_zip", "98354"), entry("eventn_ctx_location_region", "WA"),
                            entry("eventn_ctx_parsed_ua_ua_family", "Googlebot"), entry("eventn_ctx_parsed_ua_bot", true));
                });
        // Jitsu's own fixture (fact_output_2.0): its Go-http-client agent parsed, its address unknown to the
        // test database; __HTTP_CONTEXT__ never becomes columns
        assertThat(pg.query("SELECT parsed_ua_ua_family AS f, parsed_ua_ua_version AS v"
                + " FROM enriched.pageview WHERE user_agent = 'Go-http-client/1.1' LIMIT 1")).singleElement()
                .satisfies(r -> assertThat(r).contains(entry("f", "Go-http-client"), entry("v", "1.1")));
        assertThat(pg.columnTypes("enriched", "pageview")).containsKey("parsed_ua_ua_family")
                .doesNotContainKey("location_city")
                .noneSatisfy((k, v) -> assertThat(k).startsWith("__http_context"));
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

        assertThat(summary.get("pg")).contains(entry(Summary.READ, 4L), entry(Summary.LOADED, 2L),
                entry(Summary.SKIPPED, 1L), entry(Summary.FAILED, 1L));
        assertThat(pg.columnTypes("shop", "orders")).contains(entry("revenue", "numeric"), entry("order_id", "bigint"))
                .doesNotContainKey("products").doesNotContainKey("jitsu_table_name");
        assertThat(pg.query("SELECT eventn_ctx_event_id, revenue FROM shop.orders")).singleElement()
                .satisfies(r -> assertThat(r).contains(entry("eventn_ctx_event_id", "o1"),
                        entry("revenue", new java.math.BigDecimal("19.90"))));
        assertThat(pg.columnTypes("shop", "order_items")).contains(entry("price", "numeric"));
        assertThat(pg.query("SELECT eventn_ctx_event_id AS id, sku, price FROM shop.order_items ORDER BY position"))
                .extracting(r -> r.get("id") + " " + r.get("sku") + " " + r.get("price"))
                .containsExactly("o1_1 a 9.95", "o1_2 b 9.95");
        assertThat(pg.query("SELECT * FROM shop.pageview")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("user_id", "u1").doesNotContainKey("user_email"));
        assertThat(pg.columnTypes("shop", "heartbeat")).isEmpty();
        List<String> failed = run.lines("failed", "dst=pg");
        assertThat(failed).singleElement().satisfies(l -> {
            JsonNode f = json.readTree(l);
            assertThat(f.get("event_id").asText()).isEqualTo("x1");
            assertThat(f.get("error").asText()).contains("no boom events").contains("line 2");
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

        assertThat(run.run(config).get("pg")).contains(entry(Summary.LOADED, 1L));

        assertThat(pg.columnTypes("mapped", "pageview")).contains(entry("user_id", "text"), entry("title", "text"),
                entry("local_tz_offset", "bigint"), entry("amount", "numeric"), entry("source", "text"),
                entry("schema_version", "bigint"), entry("user_name", "text"))
                .doesNotContainKeys("page_title", "user_agent", "user_id_1");
        assertThat(pg.query("SELECT * FROM mapped.pageview")).singleElement().satisfies(r -> assertThat(r).contains(
                entry("user_id", "u9"), entry("title", "Home"), entry("local_tz_offset", -60L),
                entry("amount", new java.math.BigDecimal("12.50")), entry("source", "web"), entry("schema_version", 2L)));
    }
}
