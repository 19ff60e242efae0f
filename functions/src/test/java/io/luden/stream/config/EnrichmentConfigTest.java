package io.luden.stream.config;

import io.luden.stream.functions.enrich.EnrichmentRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.luden.stream.config.YamlFiles.ONE_DESTINATION;
import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code geo.maxmind_path} and a destination's {@code enrichment:} rules (SPEC §6). */
class EnrichmentConfigTest {
    @TempDir
    Path dir;

    private String geo() throws Exception {
        Path db = dir.resolve("GeoLite2-City.mmdb");
        Files.write(db, new byte[] {1});
        return "geo: {maxmind_path: " + db + "}\n";
    }

    private LudenConfig withRules(String rules) throws Exception {
        return load(dir, geo() + "destinations:\n  wh:\n    type: duckdb\n    enrichment: " + rules + "\n");
    }

    private void assertRulesRejected(String rules, String message) {
        assertThatThrownBy(() -> withRules(rules))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void readsTheMaxMindPathResolvedAgainstTheBaseDir() throws Exception {
        Files.createDirectories(dir.resolve("geo"));
        Files.write(dir.resolve("geo/City.mmdb"), new byte[] {1});

        LudenConfig c = load(dir, "geo: {maxmind_path: geo/../geo/City.mmdb}\n" + ONE_DESTINATION);

        assertThat(c.maxmindPath()).isEqualTo(dir.resolve("geo/City.mmdb").toString());
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void readsTheMaxMindPathFromTheEnvironment() throws Exception {
        LudenConfig c = load(dir, "geo: {maxmind_path: '${env:MAXMIND_PATH}'}\n" + ONE_DESTINATION,
                java.util.Map.of("MAXMIND_PATH", YamlFiles.geoCityTestDb().toString()));

        assertThat(c.maxmindPath()).isEqualTo(YamlFiles.geoCityTestDb().toString());
    }

    @Test
    void hasNoMaxMindDatabaseWithoutGeoOrWithAnEmptyGeoSection() throws Exception {
        assertThat(load(dir, ONE_DESTINATION).maxmindPath()).isNull();
        assertThat(load(dir, "geo:\n" + ONE_DESTINATION).maxmindPath()).isNull();
        assertThat(load(dir, "geo: {}\n" + ONE_DESTINATION).maxmindPath()).isNull();
    }

    @Test
    void rejectsAMissingMaxMindFileNamingGeoMaxmindPath() {
        assertThatThrownBy(() -> load(dir, "geo: {maxmind_path: data/none.mmdb}\n" + ONE_DESTINATION))
                .isInstanceOf(ConfigException.class)
                .hasMessage("geo.maxmind_path: no such file: " + dir.resolve("data/none.mmdb"));
    }

    @Test
    void rejectsADirectoryAsMaxMindPath() {
        assertThatThrownBy(() -> load(dir, "geo: {maxmind_path: " + dir + "}\n" + ONE_DESTINATION))
                .hasMessage("geo.maxmind_path: " + dir + " is a directory; give the .mmdb file (e.g. GeoLite2-City.mmdb)");
    }

    @Test
    void rejectsJitsuDownloadFormsOfMaxMindPath() {
        for (String path : new String[] {"maxmind://LICENSE_KEY", "https://example.com/GeoLite2-City.mmdb"}) {
            assertThatThrownBy(() -> load(dir, "geo: {maxmind_path: '" + path + "'}\n" + ONE_DESTINATION))
                    .hasMessage("geo.maxmind_path: downloading the database (maxmind://<license key> or a URL) is"
                            + " not supported; download the .mmdb file and give its path");
        }
    }

    @Test
    void rejectsAnEmptyMaxMindPath() {
        assertThatThrownBy(() -> load(dir, "geo: {maxmind_path: ''}\n" + ONE_DESTINATION))
                .hasMessage("geo.maxmind_path: expected a path, got an empty string");
    }

    @Test
    void rejectsUnknownGeoKeys() {
        assertThatThrownBy(() -> load(dir, "geo: {maxmind_pth: x.mmdb}\n" + ONE_DESTINATION))
                .hasMessage("geo.maxmind_pth: unknown key (did you mean 'maxmind_path'?)");
    }

    @Test
    void acceptsJitsuGeoResolverSectionsWithAWarningEach() throws Exception {
        LudenConfig c = load(dir, "geo_resolvers: http://configurator/api\nmaxmind: {official_url: x}\n"
                + ONE_DESTINATION);

        assertThat(c.warnings()).extracting(w -> w.substring(0, w.indexOf(": ignored: ")))
                .containsExactly("geo_resolvers", "maxmind");
    }

    @Test
    void refusesGeoInsideADestination() {
        assertThatThrownBy(() -> load(dir, "destinations:\n  wh: {type: duckdb, geo: {maxmind_path: x}}\n"))
                .hasMessage("destinations.wh.geo: geo is a top-level section, not a destination key: set"
                        + " geo.maxmind_path at the top of the file");
    }

    @Test
    void readsEnrichmentRulesLowerCasedAsJitsu() throws Exception {
        LudenConfig c = withRules("[{name: IP_Lookup, from: /Source_IP, to: /Geo}, "
                + "{name: user_agent_parse, from: /eventn_ctx/user_agent||/user_agent, to: /ua}]");

        assertThat(c.destinations().get("wh").enrichment()).containsExactly(
                new EnrichmentRule("ip_lookup", "/source_ip", "/geo"),
                new EnrichmentRule("user_agent_parse", "/eventn_ctx/user_agent||/user_agent", "/ua"));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void hasNoConfiguredRulesWhenEnrichmentIsAbsentOrEmpty() throws Exception {
        assertThat(load(dir, ONE_DESTINATION).destinations().get("wh").enrichment()).isEmpty();
        assertThat(withRules("[]").destinations().get("wh").enrichment()).isEmpty();
    }

    @Test
    void rejectsAnUnknownRuleNameListingTheValidOnes() {
        assertRulesRejected("[{name: geoip, from: /source_ip, to: /geo}]",
                "destinations.wh.enrichment[0].name: 'geoip' is not a lookup enrichment"
                        + " (expected one of: ip_lookup, user_agent_parse)");
    }

    @Test
    void rejectsRulesWithoutNameFromOrTo() {
        assertRulesRejected("[{from: /source_ip, to: /geo}]", "destinations.wh.enrichment[0]: missing required key 'name'");
        assertRulesRejected("[{name: ip_lookup, to: /geo}]", "destinations.wh.enrichment[0]: missing required key 'from'");
        assertRulesRejected("[{name: ip_lookup, from: /source_ip}]",
                "destinations.wh.enrichment[0]: missing required key 'to'");
        assertRulesRejected("[{name: ip_lookup, from: /source_ip, to: }]",
                "destinations.wh.enrichment[0].to: a value is required");
        assertRulesRejected("[{name: ip_lookup, from: '', to: /geo}]",
                "destinations.wh.enrichment[0].from: must not be empty");
    }

    @Test
    void rejectsPathsThatDoNotStartWithASlash() {
        assertRulesRejected("[{name: ip_lookup, from: source_ip, to: /geo}]",
                "destinations.wh.enrichment[0].from: path 'source_ip': 'source_ip' must look like /field or /parent/field");
        assertRulesRejected("[{name: ip_lookup, from: /source_ip, to: '/eventn_ctx/geo||geo'}]",
                "destinations.wh.enrichment[0].to: path '/eventn_ctx/geo||geo': 'geo' must look like /field or"
                        + " /parent/field");
        assertRulesRejected("[{name: ip_lookup, from: /source_ip, to: /a//b}]",
                "destinations.wh.enrichment[0].to: path '/a//b': empty segment in '/a//b'");
    }

    @Test
    void rejectsRulesOfTheWrongShape() {
        assertRulesRejected("[ip_lookup]", "destinations.wh.enrichment[0]: expected a rule"
                + " {name: ip_lookup|user_agent_parse, from: /path, to: /path}, got \"ip_lookup\"");
        assertRulesRejected("{name: ip_lookup, from: /source_ip, to: /geo}",
                "destinations.wh.enrichment: expected a list, got a map");
        assertRulesRejected("[{name: ip_lookup, from: /source_ip, to: /geo, too: /x}]",
                "destinations.wh.enrichment[0].too: unknown key (did you mean 'to'?)");
    }

    @Test
    void warnsThatIpLookupSetsNothingWithoutGeo() throws Exception {
        LudenConfig c = load(dir, "destinations:\n  wh:\n    type: duckdb\n    enrichment:\n"
                + "      - {name: user_agent_parse, from: /ua, to: /parsed}\n"
                + "      - {name: ip_lookup, from: /ip, to: /geo}\n");

        assertThat(c.warnings()).containsExactly("destinations.wh.enrichment[1]: ip_lookup sets nothing without a"
                + " MaxMind database; set geo.maxmind_path.");
        assertThat(c.destinations().get("wh").enrichment()).hasSize(2);
    }
}
