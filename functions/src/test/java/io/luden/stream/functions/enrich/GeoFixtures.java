package io.luden.stream.functions.enrich;

import io.luden.stream.sinks.testing.TestData;

/** MaxMind's test databases in testdata/geo (maxmind/MaxMind-DB). */
final class GeoFixtures {

    static final String CITY = "GeoLite2-City-Test.mmdb";
    static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    static final String COUNTRY = "GeoLite2-Country-Test.mmdb";
    static final String ASN = "GeoLite2-ASN-Test.mmdb";

    private GeoFixtures() {}

    /** The path of the test database {@code name} (one of the constants above). */
    static String geo(String name) {
        return TestData.path("geo/" + name).toString();
    }
}
