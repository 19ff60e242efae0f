package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.Events;
import io.luden.stream.sinks.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.luden.stream.functions.enrich.GeoFixtures.geo;
import static io.luden.stream.functions.enrich.UserAgentParseTest.CHROME_WINDOWS;
import static io.luden.stream.functions.enrich.UserAgentParseTest.GOOGLEBOT;
import static io.luden.stream.functions.enrich.UserAgentParseTest.IPHONE_SAFARI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enrichment step (SPEC §6): default rules, configured rules, merge and set-if-absent. */
class LookupEnrichmentTest {

    private static final String LONDON = "{\"continent\":\"Europe\",\"country\":\"GB\","
            + "\"country_name\":\"United Kingdom\",\"city\":\"London\",\"latitude\":51.5142,"
            + "\"longitude\":-0.0931,\"region\":\"ENG\"}";
    private static final String IPHONE_PARSED = "{\"ua_family\":\"Mobile Safari\",\"ua_version\":\"16.6\","
            + "\"os_family\":\"iOS\",\"os_version\":\"16.6\",\"device_family\":\"iPhone\","
            + "\"device_brand\":\"Apple\",\"device_model\":\"iPhone\"}";

    private LookupEnrichment enrichment;

    @AfterEach
    void close() {
        if (enrichment != null) {
            enrichment.close();
        }
    }

    private LookupEnrichment withCity(EnrichmentRule... configured) {
        enrichment = new LookupEnrichment(List.of(configured), geo(GeoFixtures.CITY));
        return enrichment;
    }

    private static String enrich(LookupEnrichment e, String json) throws Exception {
        ObjectNode event = Events.parse(json);
        e.apply(event);
        return Events.toJson(event);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    @Test
    void defaultRulesWriteIntoEventnCtxWhenItExists() throws Exception {
        String out = enrich(withCity(), "{\"source_ip\":\"81.2.69.142\",\"eventn_ctx\":{\"user_agent\":"
                + quoted(IPHONE_SAFARI) + "}}");
        assertThat(out).isEqualTo("{\"source_ip\":\"81.2.69.142\",\"eventn_ctx\":{\"user_agent\":"
                + quoted(IPHONE_SAFARI) + ",\"location\":" + LONDON + ",\"parsed_ua\":" + IPHONE_PARSED + "}}");
    }

    @Test
    void defaultRulesWriteAtTheTopWhenEventnCtxIsAbsent() throws Exception {
        String out = enrich(withCity(), "{\"source_ip\":\"81.2.69.142\",\"user_agent\":" + quoted(IPHONE_SAFARI) + "}");
        assertThat(out).isEqualTo("{\"source_ip\":\"81.2.69.142\",\"user_agent\":" + quoted(IPHONE_SAFARI)
                + ",\"location\":" + LONDON + ",\"parsed_ua\":" + IPHONE_PARSED + "}");
    }

    @Test
    void defaultUserAgentIsReadAtTheTopButWrittenIntoAnExistingEventnCtx() throws Exception {
        String out = enrich(withCity(), "{\"eventn_ctx\":{\"event_id\":\"1\"},\"user_agent\":" + quoted(IPHONE_SAFARI) + "}");
        assertThat(out).isEqualTo("{\"eventn_ctx\":{\"event_id\":\"1\",\"parsed_ua\":" + IPHONE_PARSED
                + "},\"user_agent\":" + quoted(IPHONE_SAFARI) + "}");
    }

    @Test
    void eventnCtxThatIsNotAnObjectFallsBackToTheTopLevel() throws Exception {
        // JsonPath: the first alternative whose parent is an object (Jitsu stopped with an error here)
        String out = enrich(withCity(), "{\"eventn_ctx\":\"x\",\"source_ip\":\"81.2.69.142\"}");
        assertThat(out).isEqualTo("{\"eventn_ctx\":\"x\",\"source_ip\":\"81.2.69.142\",\"location\":" + LONDON + "}");
    }

    @Test
    void ipLookupMergesIntoAnExistingLocationWithoutOverwritingItsKeys() throws Exception {
        String out = enrich(withCity(), "{\"source_ip\":\"216.160.83.56\",\"location\":{\"city\":\"Tacoma\",\"extra\":1}}");
        assertThat(out).isEqualTo("{\"source_ip\":\"216.160.83.56\",\"location\":{\"city\":\"Tacoma\",\"extra\":1,"
                + "\"continent\":\"North America\",\"country\":\"US\",\"country_name\":\"United States\","
                + "\"latitude\":47.2513,\"longitude\":-122.3149,\"zip\":\"98354\",\"region\":\"WA\"}}");
    }

    @Test
    void ipLookupLeavesALocationThatIsNotAnObject() throws Exception {
        assertThat(enrich(withCity(), "{\"source_ip\":\"81.2.69.142\",\"location\":\"Berlin\"}"))
                .isEqualTo("{\"source_ip\":\"81.2.69.142\",\"location\":\"Berlin\"}");
        assertThat(enrich(enrichment, "{\"source_ip\":\"81.2.69.142\",\"location\":null}"))
                .isEqualTo("{\"source_ip\":\"81.2.69.142\",\"location\":null}");
    }

    @Test
    void ipLookupTakesTheFirstResolvableAddressOfACommaList() throws Exception {
        String out = enrich(withCity(), "{\"source_ip\":\"10.1.2.3, 81.2.69.142, 216.160.83.56\"}");
        assertThat(out).isEqualTo("{\"source_ip\":\"10.1.2.3, 81.2.69.142, 216.160.83.56\",\"location\":" + LONDON + "}");
    }

    @Test
    void unknownIpSetsNothing() throws Exception {
        assertThat(enrich(withCity(), "{\"source_ip\":\"8.8.8.8\"}")).isEqualTo("{\"source_ip\":\"8.8.8.8\"}");
        assertThat(enrich(enrichment, "{\"source_ip\":\"192.168.0.10\",\"eventn_ctx\":{}}"))
                .isEqualTo("{\"source_ip\":\"192.168.0.10\",\"eventn_ctx\":{}}");
    }

    @Test
    void withoutADatabaseIpLookupSetsNothingButUserAgentsAreStillParsed() throws Exception {
        enrichment = new LookupEnrichment(List.of(), null);
        String out = enrich(enrichment, "{\"source_ip\":\"81.2.69.142\",\"user_agent\":" + quoted(IPHONE_SAFARI) + "}");
        assertThat(out).isEqualTo("{\"source_ip\":\"81.2.69.142\",\"user_agent\":" + quoted(IPHONE_SAFARI)
                + ",\"parsed_ua\":" + IPHONE_PARSED + "}");
    }

    @Test
    void sourceThatIsNotAStringChangesNothing() throws Exception {
        String in = "{\"source_ip\":81,\"user_agent\":{\"raw\":\"x\"},\"eventn_ctx\":{\"user_agent\":null}}";
        assertThat(enrich(withCity(), in)).isEqualTo(in);
        assertThat(enrich(enrichment, "{\"source_ip\":[\"81.2.69.142\"]}")).isEqualTo("{\"source_ip\":[\"81.2.69.142\"]}");
    }

    @Test
    void anExistingParsedUaIsKeptUntouched() throws Exception {
        // Jitsu's integration test: a client-sent parsed_ua is kept, so parsed_ua_ua_version stays NULL
        String in = "{\"eventn_ctx\":{\"user_agent\":" + quoted(IPHONE_SAFARI) + ",\"parsed_ua\":{\"ua_family\":\"Custom\"}}}";
        assertThat(enrich(withCity(), in)).isEqualTo(in);
        String top = "{\"user_agent\":" + quoted(GOOGLEBOT) + ",\"parsed_ua\":null}";
        assertThat(enrich(enrichment, top)).isEqualTo(top);
    }

    @Test
    void configuredRulesWithCustomPathsRunAfterTheDefaults() throws Exception {
        withCity(new EnrichmentRule("ip_lookup", "/client/ip", "/client/geo"),
                new EnrichmentRule("user_agent_parse", "/client/agent", "/client/device"));
        String out = enrich(enrichment, "{\"client\":{\"ip\":\"81.2.69.142\",\"agent\":" + quoted(IPHONE_SAFARI) + "}}");
        assertThat(out).isEqualTo("{\"client\":{\"ip\":\"81.2.69.142\",\"agent\":" + quoted(IPHONE_SAFARI)
                + ",\"geo\":" + LONDON + ",\"device\":" + IPHONE_PARSED + "}}");
    }

    @Test
    void configuredRuleNeverCreatesAMissingParent() throws Exception {
        withCity(new EnrichmentRule("ip_lookup", "/ip", "/missing/geo"));
        assertThat(enrich(enrichment, "{\"ip\":\"81.2.69.142\"}")).isEqualTo("{\"ip\":\"81.2.69.142\"}");
    }

    @Test
    void aLaterIpRuleOnlyAddsKeysTheDefaultRuleLeftOut() throws Exception {
        // default: London (no zip); configured: Milton into the same object → only zip is new
        withCity(new EnrichmentRule("ip_lookup", "/other_ip", "/location"));
        String out = enrich(enrichment, "{\"source_ip\":\"81.2.69.142\",\"other_ip\":\"216.160.83.56\"}");
        assertThat(out).isEqualTo("{\"source_ip\":\"81.2.69.142\",\"other_ip\":\"216.160.83.56\",\"location\":"
                + LONDON.substring(0, LONDON.length() - 1) + ",\"zip\":\"98354\"}}");
    }

    @Test
    void ruleNameAndPathsAreLowerCasedAsJitsuDoes() throws Exception {
        withCity(new EnrichmentRule("User_Agent_Parse", "/Client/UA", "/Client/Parsed"));
        String out = enrich(enrichment, "{\"client\":{\"ua\":" + quoted(CHROME_WINDOWS) + "}}");
        assertThat(Events.parse(out).at("/client/parsed/ua_family").asText()).isEqualTo("Chrome");
    }

    @Test
    void checkRulesAcceptsKnownRules() {
        LookupEnrichment.checkRules(List.of(new EnrichmentRule("ip_lookup", "/a||/b", "/c"),
                new EnrichmentRule("USER_AGENT_PARSE", "/ua", "/x/parsed")));
        LookupEnrichment.checkRules(List.of());
        LookupEnrichment.checkRules(null);
    }

    @Test
    void checkRulesNamesAnUnknownRule() {
        assertThatThrownBy(() -> LookupEnrichment.checkRules(List.of(new EnrichmentRule("geo_lookup", "/ip", "/geo"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("enrichment rule 'geo_lookup /ip -> /geo': unknown name 'geo_lookup', "
                        + "expected ip_lookup or user_agent_parse");
    }

    @Test
    void checkRulesNamesABadPath() {
        assertThatThrownBy(() -> LookupEnrichment.checkRules(List.of(new EnrichmentRule("ip_lookup", "ip", "/geo"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("enrichment rule 'ip_lookup ip -> /geo': 'from' path 'ip'");
        assertThatThrownBy(() -> LookupEnrichment.checkRules(List.of(new EnrichmentRule("ip_lookup", "/ip", ""))))
                .hasMessage("enrichment rule 'ip_lookup /ip -> ': 'to' empty path");
    }

    @Test
    void constructorRejectsABadDatabaseNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("geo.mmdb"), "not maxmind");
        assertThatThrownBy(() -> new LookupEnrichment(List.of(), text.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("geo.maxmind_path '" + text + "'");
    }

    @Test
    void constructorRejectsAnUnknownConfiguredRule() {
        assertThatThrownBy(() -> new LookupEnrichment(List.of(new EnrichmentRule("x", "/a", "/b")), geo(GeoFixtures.ASN)))
                .hasMessageContaining("unknown name 'x'");
    }

    @Test
    void asnDatabaseFillsTheAutonomousSystemKeys() throws Exception {
        enrichment = new LookupEnrichment(List.of(), geo(GeoFixtures.ASN));
        assertThat(enrich(enrichment, "{\"source_ip\":\"1.128.0.1\"}")).isEqualTo("{\"source_ip\":\"1.128.0.1\","
                + "\"location\":{\"autonomous_system_number\":1221,\"autonomous_system_organization\":\"Telstra Pty Ltd\"}}");
    }

    @Test
    void jitsuFixtureFactOutputGetsParsedUaInEventnCtx() throws Exception {
        // testdata/jitsu/server/test_data/fact_output_1.0.json: a spooled event with source_ip and a user agent
        String line = Files.readString(TestData.path("jitsu/server/test_data/fact_output_1.0.json")).trim();
        ObjectNode event = Events.parse(line);
        ObjectNode before = event.deepCopy();
        withCity().apply(event);

        assertThat(Events.toJson(event.get("eventn_ctx").get("parsed_ua")))
                .isEqualTo("{\"ua_family\":\"Go-http-client\",\"ua_version\":\"1.1\"}");
        // 95.82.232.185 is not in MaxMind's test database: no location anywhere
        assertThat(event.get("eventn_ctx").has("location")).isFalse();
        assertThat(event.has("location")).isFalse();
        // nothing else changed
        ((ObjectNode) event.get("eventn_ctx")).remove("parsed_ua");
        assertThat(event).isEqualTo(before);
    }
}
