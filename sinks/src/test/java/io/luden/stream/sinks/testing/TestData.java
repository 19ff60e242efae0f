package io.luden.stream.sinks.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's {@code testdata/} folder (Jitsu's, Bulker's and MaxMind's fixtures; see
 * testdata/README.md). Surefire and Failsafe set {@code luden.testdata.dir}; where it is absent (a
 * test started from an IDE) or names no folder (Maven started inside a module), the folder is found
 * by walking up from the working directory to the first one holding {@code testdata/} and {@code pom.xml}.
 */
public final class TestData {
    public static final String PROPERTY = "luden.testdata.dir";

    private TestData() {}

    /** {@code relative} inside testdata/, e.g. {@code "geo/GeoLite2-City-Test.mmdb"}; fails naming the missing file. */
    public static Path path(String relative) {
        Path file = dir().resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException("test data not found: " + file);
        }
        return file;
    }

    private static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("testdata")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d.resolve("testdata");
            }
        }
        throw new IllegalStateException("test data folder not found: " + PROPERTY + " is "
                + (configured == null ? "not set" : configured + " (no such folder)")
                + " and no folder from " + start + " up holds testdata/ and pom.xml");
    }
}
