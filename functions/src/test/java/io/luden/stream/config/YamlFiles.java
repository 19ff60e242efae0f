package io.luden.stream.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a test's YAML to a file and loads it, as the launcher would. */
final class YamlFiles {
    /** The smallest valid destinations section, for tests about other sections. */
    static final String ONE_DESTINATION = "destinations:\n  wh: {type: duckdb}\n";
    /** MaxMind's test City database (fixtures/geo, MIT). */
    static final Path GEO_CITY_TEST_DB = Path.of("/work/shared/fixtures/geo/GeoLite2-City-Test.mmdb");

    private YamlFiles() {}

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
