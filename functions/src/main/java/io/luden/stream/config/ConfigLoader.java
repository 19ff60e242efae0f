package io.luden.stream.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads {@code luden.yaml} (SPEC §12) into a validated {@link LudenConfig}. Everything that can be
 * wrong with the file is found here, before the job starts, and reported as one
 * {@link ConfigException} naming the file or the key path.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            // a key written twice is a mistake, not "the last one wins"
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "spool:" with nothing after it means "no value"; a quoted "" stays an empty string
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build());

    private ConfigLoader() {}

    /** With the process environment, relative paths resolved against the working directory. */
    public static LudenConfig load(Path file) throws ConfigException {
        return load(file, System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * @param env     the values of {@code ${env:NAME}} references
     * @param baseDir what relative paths (spool.dir, log.path, state.dir, a DuckDB path) are resolved against
     */
    public static LudenConfig load(Path file, Map<String, String> env, Path baseDir) throws ConfigException {
        JsonNode tree = read(file);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(file + ": the file is empty; it needs at least a destinations: section");
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": expected a map of sections at the top level, got "
                    + YamlNode.root(tree, env).describe());
        }
        return new LudenConfigParser(baseDir.toAbsolutePath().normalize()).parse(YamlNode.root(tree, env));
    }

    private static JsonNode read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": cannot read it: it is a directory");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": cannot read it: not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it: " + e, e);
        }
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": invalid YAML" + where(e.getLocation()) + ": " + firstLine(e), e);
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Jackson appends the source and location on later lines; the location is reported already. */
    private static String firstLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m).trim();
    }
}
