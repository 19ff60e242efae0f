package io.luden.stream.config;

import io.luden.stream.sinks.testing.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a test's YAML to a file and loads it, as the launcher would. */
final class YamlFiles {
    /** The smallest valid destinations section, for tests about other sections. */
    static final String ONE_DESTINATION = "destinations:\n  wh: {type: duckdb}\n";

    private YamlFiles() {}

    /** MaxMind's test City database (testdata/geo, MIT). */
    static Path geoCityTestDb() {
        return TestData.path("geo/GeoLite2-City-Test.mmdb");
    }

    static Path write(Path dir, String yaml) {
        try {
            Path file = dir.resolve("luden.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LudenConfig load(Path dir, String yaml) throws ConfigException {
        return load(dir, yaml, Map.of());
    }

    static LudenConfig load(Path dir, String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.load(write(dir, yaml), env, dir);
    }
}
