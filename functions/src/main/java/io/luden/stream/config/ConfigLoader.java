package io.luden.stream.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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
        YamlNode root = YamlNode.root(read(file), env);
        if (!root.isPresent()) {
            throw new ConfigException(file + ": the file is empty; it needs at least a destinations: section");
        }
        if (!root.isMap()) {
            throw new ConfigException(file + ": expected a map of sections at the top level, got " + root.describe());
        }
        return new LudenConfigParser(baseDir.toAbsolutePath().normalize()).parse(root);
    }

    private static Object read(Path file) throws ConfigException {
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
            return YamlTree.read(text);
        } catch (YamlTree.DuplicateKeyException e) {
            throw new ConfigException(file + ": invalid YAML" + where(e.location) + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": invalid YAML" + describe(e), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it: " + e, e);
        }
    }

    /** SnakeYAML knows the exact problem and where; Jackson's own errors carry a location. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            String context = y.getContext() == null || y.getContextMark() == null ? ""
                    : " (" + y.getContext() + " at line " + (y.getContextMark().getLine() + 1) + ")";
            return " at line " + (y.getProblemMark().getLine() + 1) + ", column " + (y.getProblemMark().getColumn() + 1)
                    + ": " + y.getProblem() + context;
        }
        String m = e.getOriginalMessage();
        return where(e.getLocation()) + ": " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m));
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
