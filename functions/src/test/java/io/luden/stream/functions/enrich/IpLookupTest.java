package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.ConnectionTypeResponse;
import com.maxmind.geoip2.model.DomainResponse;
import com.maxmind.geoip2.model.EnterpriseResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.City;
import com.maxmind.geoip2.record.Continent;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Postal;
import com.maxmind.geoip2.record.Subdivision;
import com.maxmind.geoip2.record.Traits;
import io.luden.stream.functions.Events;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.luden.stream.functions.enrich.GeoFixtures.geo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ip_lookup against MaxMind's real test databases (testdata/geo), read with MaxMind's reader. */
class IpLookupTest {

    private static IpLookup city;
    private static IpLookup geoip2City;
    private static IpLookup country;
    private static IpLookup asn;

    @BeforeAll
    static void open() {
        city = IpLookup.open(geo(GeoFixtures.CITY));
        geoip2City = IpLookup.open(geo(GeoFixtures.GEOIP2_CITY));
        country = IpLookup.open(geo(GeoFixtures.COUNTRY));
        asn = IpLookup.open(geo(GeoFixtures.ASN));
    }

    @AfterAll
    static void close() {
        city.close();
        geoip2City.close();
        country.close();
        asn.close();
    }

    private static String json(ObjectNode node) {
        return node == null ? null : Events.toJson(node);
    }

    @Test
    void detectsTheDatabaseTypeFromItsMetadata() {
        assertThat(city.databaseType()).isEqualTo("GeoLite2-City");
        assertThat(geoip2City.databaseType()).isEqualTo("GeoIP2-City");
        assertThat(country.databaseType()).isEqualTo("GeoLite2-Country");
        assertThat(asn.databaseType()).isEqualTo("GeoLite2-ASN");
        assertThat(IpLookup.kindOf("GeoIP2-Enterprise")).isEqualTo(IpLookup.Kind.ENTERPRISE);
        assertThat(IpLookup.kindOf("GeoIP2-ISP")).isEqualTo(IpLookup.Kind.ISP);
        assertThat(IpLookup.kindOf("GeoIP2-Domain")).isEqualTo(IpLookup.Kind.DOMAIN);
        assertThat(IpLookup.kindOf("GeoIP2-Anonymous-IP")).isNull();
    }

    @Test
    void cityDatabaseGivesJitsuKeysInJitsuOrderWithAbsentOnesLeftOut() {
        // London has no postal code in the test database: no zip key at all
        assertThat(json(city.lookup("81.2.69.142"))).isEqualTo("{\"continent\":\"Europe\",\"country\":\"GB\","
                + "\"country_name\":\"United Kingdom\",\"city\":\"London\",\"latitude\":51.5142,"
                + "\"longitude\":-0.0931,\"region\":\"ENG\"}");
    }

    @Test
    void zipIsThePostalCodeAndRegionTheFirstSubdivisionIsoCode() {
        assertThat(json(city.lookup("216.160.83.56"))).isEqualTo("{\"continent\":\"North America\","
                + "\"country\":\"US\",\"country_name\":\"United States\",\"city\":\"Milton\",\"latitude\":47.2513,"
                + "\"longitude\":-122.3149,\"zip\":\"98354\",\"region\":\"WA\"}");
        // Boxford lies in England > West Berkshire: the first (largest) subdivision is taken
        ObjectNode boxford = city.lookup("2.125.160.216");
        assertThat(boxford.get("city").asText()).isEqualTo("Boxford");
        assertThat(boxford.get("zip").asText()).isEqualTo("OX1");
        assertThat(boxford.get("region").asText()).isEqualTo("ENG");
        assertThat(boxford.get("country").asText()).isEqualTo("GB");
    }

    @Test
    void namesAreEnglishAndKeepTheirAccents() {
        ObjectNode linkoping = city.lookup("89.160.20.112");
        assertThat(linkoping.get("city").asText()).isEqualTo("Linköping");
        assertThat(linkoping.get("country").asText()).isEqualTo("SE");
        assertThat(linkoping.get("country_name").asText()).isEqualTo("Sweden");
        assertThat(linkoping.get("region").asText()).isEqualTo("E");
        assertThat(linkoping.get("continent").asText()).isEqualTo("Europe");
    }

    @Test
    void coordinatesAreFloatNumbers() {
        ObjectNode milton = city.lookup("216.160.83.56");
        assertThat(milton.get("latitude").isFloatingPointNumber()).isTrue();
        assertThat(milton.get("latitude").decimalValue()).isEqualByComparingTo("47.2513");
        // a whole-degree coordinate stays a float (60.0, not 60), as a parsed event would hold it
        ObjectNode russia = city.lookup("2a02:d0c0::1");
        assertThat(json(russia)).isEqualTo("{\"continent\":\"Europe\",\"country\":\"RU\","
                + "\"country_name\":\"Russia\",\"latitude\":60.0,\"longitude\":100.0}");
    }

    @Test
    void resolvesIpv6Addresses() {
        assertThat(json(city.lookup("2001:218::1"))).isEqualTo("{\"continent\":\"Asia\",\"country\":\"JP\","
                + "\"country_name\":\"Japan\",\"latitude\":35.68536,\"longitude\":139.75309}");
    }

    @Test
    void geoIp2CityDatabaseAnswersLikeGeoLite2() {
        assertThat(json(geoip2City.lookup("81.2.69.142"))).isEqualTo(json(city.lookup("81.2.69.142")));
    }

    @Test
    void countryDatabaseGivesContinentAndCountryOnly() {
        assertThat(json(country.lookup("81.2.69.142")))
                .isEqualTo("{\"continent\":\"Europe\",\"country\":\"GB\",\"country_name\":\"United Kingdom\"}");
        assertThat(json(country.lookup("216.160.83.56")))
                .isEqualTo("{\"continent\":\"North America\",\"country\":\"US\",\"country_name\":\"United States\"}");
    }

    @Test
    void asnDatabaseGivesAutonomousSystemNumberAndOrganization() {
        ObjectNode telstra = asn.lookup("1.128.0.1");
        assertThat(json(telstra)).isEqualTo(
                "{\"autonomous_system_number\":1221,\"autonomous_system_organization\":\"Telstra Pty Ltd\"}");
        assertThat(telstra.get("autonomous_system_number").isIntegralNumber()).isTrue();
        // a network without an organization name: only the number
        assertThat(json(asn.lookup("12.81.96.1"))).isEqualTo("{\"autonomous_system_number\":7018}");
        assertThat(json(asn.lookup("2001:1700::1"))).isEqualTo(
                "{\"autonomous_system_number\":6730,\"autonomous_system_organization\":\"Sunrise Communications AG\"}");
    }

    @Test
    void commaSeparatedListIsTriedLeftToRightAndTheFirstResolvableWins() {
        assertThat(city.lookup("81.2.69.142, 216.160.83.56").get("city").asText()).isEqualTo("London");
        assertThat(city.lookup("216.160.83.56,81.2.69.142").get("city").asText()).isEqualTo("Milton");
        // private, garbage and unknown entries are skipped
        assertThat(city.lookup("10.0.0.1, not-an-ip, 8.8.8.8,  89.160.20.112 ").get("city").asText())
                .isEqualTo("Linköping");
        assertThat(city.lookup("10.0.0.1, 192.168.1.1")).isNull();
    }

    @Test
    void unknownPrivateOrInvalidAddressesResolveToNothing() {
        assertThat(city.lookup("8.8.8.8")).isNull();
        assertThat(city.lookup("10.0.0.1")).isNull();
        assertThat(city.lookup("127.0.0.1")).isNull();
        assertThat(city.lookup("::1")).isNull();
        assertThat(city.lookup("")).isNull();
        assertThat(city.lookup(null)).isNull();
        assertThat(city.lookup("abc")).isNull();
        assertThat(city.lookup("81.2.69")).isNull();
        assertThat(city.lookup("81.2.69.142.1")).isNull();
        assertThat(city.lookup("081.2.69.142")).isNull(); // leading zeros: rejected like Go's net.ParseIP
        assertThat(city.lookup("256.2.69.142")).isNull();
    }

    @Test
    void hostNamesAreNeverResolvedThroughDns() {
        assertThat(IpLookup.parseLiteral("localhost")).isNull();
        assertThat(IpLookup.parseLiteral("example.com")).isNull();
        assertThat(IpLookup.parseLiteral("fe80::1%eth0")).isNull();
        assertThat(IpLookup.parseLiteral("81.2.69.142")).isNotNull();
        assertThat(IpLookup.parseLiteral("2001:db8::1")).isNotNull();
        assertThat(IpLookup.parseLiteral("::ffff:81.2.69.142")).isNotNull();
    }

    @Test
    void ipv4MappedIpv6AddressResolvesLikeTheIpv4One() {
        assertThat(json(city.lookup("::ffff:81.2.69.142"))).isEqualTo(json(city.lookup("81.2.69.142")));
    }

    // ---- keys the test databases do not carry: mapping checked on responses built by hand ----

    private static final List<String> EN = List.of("en");

    private static CityResponse cityResponse(String countryIso, String subdivisionIso) {
        ArrayList<Subdivision> subdivisions = new ArrayList<>();
        subdivisions.add(new Subdivision(EN, null, 1L, subdivisionIso, Map.of("en", "First")));
        subdivisions.add(new Subdivision(EN, null, 2L, "SECOND", Map.of("en", "Second")));
        return new CityResponse(new City(EN, null, 3L, Map.of("en", "Town", "de", "Stadt")),
                new Continent(EN, "EU", 4L, Map.of("en", "Europe")),
                new Country(EN, null, 5L, false, countryIso, Map.of("en", "Land")),
                new Location(null, null, 55.75, 37.62, null, null, null), null,
                new Postal("101000", null), null, null, subdivisions, null);
    }

    @Test
    void russianRegionsArePrefixedWithTheCountryAsJitsuDoes() {
        assertThat(IpLookup.fromCity(cityResponse("RU", "MOW")).get("region").asText()).isEqualTo("RU-MOW");
        assertThat(IpLookup.fromCity(cityResponse("DE", "BE")).get("region").asText()).isEqualTo("BE");
        assertThat(json(IpLookup.fromCity(cityResponse("RU", "MOW")))).isEqualTo("{\"continent\":\"Europe\","
                + "\"country\":\"RU\",\"country_name\":\"Land\",\"city\":\"Town\",\"latitude\":55.75,"
                + "\"longitude\":37.62,\"zip\":\"101000\",\"region\":\"RU-MOW\"}");
    }

    @Test
    void ispDatabaseGivesIspOrganizationAndAutonomousSystem() {
        IspResponse isp = new IspResponse(7018L, "AT&T Services", "12.81.92.1", "AT&T", null, null,
                "AT&T Worldnet", null);
        assertThat(json(IpLookup.fromIsp(isp))).isEqualTo("{\"autonomous_system_number\":7018,"
                + "\"autonomous_system_organization\":\"AT&T Services\",\"isp\":\"AT&T\","
                + "\"organization\":\"AT&T Worldnet\"}");
    }

    @Test
    void domainDatabaseGivesTheDomain() {
        assertThat(json(IpLookup.fromDomain(new DomainResponse("maxmind.com", "1.2.0.1", null))))
                .isEqualTo("{\"domain\":\"maxmind.com\"}");
    }

    @Test
    void enterpriseDatabaseGivesEveryKey() {
        CityResponse c = cityResponse("GB", "ENG");
        Traits traits = new Traits(2856L, "British Telecommunications PLC", (ConnectionTypeResponse.ConnectionType) null, "bt.net", "81.2.69.142",
                false, false, false, false, false, false, false, false, false, false,
                "BT", null, null, null, "BT Business", null, null, null);
        EnterpriseResponse e = new EnterpriseResponse(c.getCity(), c.getContinent(), c.getCountry(),
                c.getLocation(), null, c.getPostal(), null, null, new ArrayList<>(c.getSubdivisions()), traits);
        assertThat(json(IpLookup.fromEnterprise(e))).isEqualTo("{\"continent\":\"Europe\",\"country\":\"GB\","
                + "\"country_name\":\"Land\",\"city\":\"Town\",\"latitude\":55.75,\"longitude\":37.62,"
                + "\"zip\":\"101000\",\"region\":\"ENG\",\"autonomous_system_number\":2856,"
                + "\"autonomous_system_organization\":\"British Telecommunications PLC\",\"isp\":\"BT\","
                + "\"organization\":\"BT Business\",\"domain\":\"bt.net\"}");
    }

    // ---- start-up check ----

    @Test
    void checkAcceptsEachTestDatabase() {
        for (String db : List.of(GeoFixtures.CITY, GeoFixtures.GEOIP2_CITY, GeoFixtures.COUNTRY, GeoFixtures.ASN)) {
            IpLookup.check(geo(db));
        }
    }

    @Test
    void checkNamesTheMissingFile(@TempDir Path dir) {
        String missing = dir.resolve("GeoLite2-City.mmdb").toString();
        assertThatThrownBy(() -> IpLookup.check(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("geo.maxmind_path '" + missing + "': file not found");
    }

    @Test
    void checkRejectsATextFileAsNotMaxMind(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("city.mmdb"), "this is not a MaxMind database\n");
        assertThatThrownBy(() -> IpLookup.check(text.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("geo.maxmind_path '" + text + "': not a readable MaxMind database")
                .hasMessageContaining("metadata");
    }

    @Test
    void checkRejectsADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> IpLookup.check(dir.toString()))
                .hasMessage("geo.maxmind_path '" + dir + "': not a regular file");
    }

    @Test
    void checkRejectsAnEmptyPath() {
        assertThatThrownBy(() -> IpLookup.check(" ")).hasMessageContaining("no path given");
    }
}
