package io.luden.stream.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds /work/shared: Surefire sets {@code luden.shared.dir}; an IDE run falls back to ../../shared. */
final class SharedFixtures {

    private SharedFixtures() {}

    static Path path(String relative) {
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
