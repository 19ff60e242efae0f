package io.luden.stream.functions.enrich;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds /work/shared: Surefire sets {@code luden.shared.dir}; an IDE run falls back to ../../shared. */
final class GeoFixtures {

    static final String CITY = "GeoLite2-City-Test.mmdb";
    static final String GEOIP2_CITY = "GeoIP2-City-Test.mmdb";
    static final String COUNTRY = "GeoLite2-Country-Test.mmdb";
    static final String ASN = "GeoLite2-ASN-Test.mmdb";

    private GeoFixtures() {}

    /** A MaxMind test database from {@code fixtures/geo/} (maxmind/MaxMind-DB). */
    static String geo(String name) {
        return shared("fixtures/geo/" + name).toString();
    }

    static Path shared(String relative) {
        String configured = System.getProperty("luden.shared.dir");
        Path base = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
        Path file = base.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException("fixture not found: " + file.toAbsolutePath()
                    + " (set -Dluden.shared.dir to the shared directory)");
        }
        return file;
    }
}
