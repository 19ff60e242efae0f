package io.luden.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The launcher's {@code state.dir}: {@code checkpoints/<job id>/chk-<n>/} written while a job runs
 * (kept when it is cancelled or killed) and {@code savepoints/savepoint-…/} written when it stops.
 * A run resumes from the newest complete one of either kind (one with a {@code _metadata} file).
 */
final class StateDir {
    static final int SAVEPOINTS_KEPT = 2;
    /** Names the configuration file of the run that last used the state dir. */
    static final String CONFIG_FILE = "config-file";

    private final Path root;

    StateDir(String stateDir) {
        this.root = Path.of(stateDir);
    }

    Path checkpoints() {
        return root.resolve(JobSettings.CHECKPOINTS);
    }

    Path savepoints() {
        return root.resolve(JobSettings.SAVEPOINTS);
    }

    /** The configuration file of the last run that used this state dir, if it said. */
    Optional<Path> lastConfig() throws IOException {
        Path file = root.resolve(CONFIG_FILE);
        return Files.isRegularFile(file) ? Optional.of(Path.of(Files.readString(file).trim())) : Optional.empty();
    }

    void recordConfig(Path configFile) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve(CONFIG_FILE), configFile.toAbsolutePath().normalize() + "\n");
    }

    /** The newest complete checkpoint or savepoint, if any. */
    Optional<Path> latestSnapshot() throws IOException {
        return snapshots().stream().max(Comparator.comparingLong(StateDir::metadataTime));
    }

    /**
     * After a clean stop with {@code savepoint}: drops checkpoints older than it (they are superseded)
     * and all but the newest {@value #SAVEPOINTS_KEPT} savepoints, so state does not pile up run after run.
     */
    void pruneBefore(Path savepoint) throws IOException {
        long keepFrom = metadataTime(savepoint);
        List<Path> savepoints = new ArrayList<>();
        for (Path s : snapshots()) {
            if (s.startsWith(savepoints())) {
                savepoints.add(s);
            } else if (metadataTime(s) < keepFrom) {
                deleteTree(s);
            }
        }
        savepoints.sort(Comparator.comparingLong(StateDir::metadataTime).reversed());
        for (int i = SAVEPOINTS_KEPT; i < savepoints.size(); i++) {
            if (!savepoints.get(i).equals(savepoint)) {
                deleteTree(savepoints.get(i));
            }
        }
        // job folders whose checkpoints are all gone
        if (Files.isDirectory(checkpoints())) {
            try (Stream<Path> jobs = Files.list(checkpoints())) {
                for (Path job : jobs.toList()) {
                    try (Stream<Path> inside = Files.find(job, 2, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
                        if (inside.findAny().isEmpty()) {
                            deleteTree(job);
                        }
                    }
                }
            }
        }
    }

    private List<Path> snapshots() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(root, 4,
                (p, attrs) -> attrs.isRegularFile() && p.getFileName().toString().equals("_metadata"))) {
            return files.map(Path::getParent).toList();
        }
    }

    private static long metadataTime(Path snapshot) {
        try {
            return Files.getLastModifiedTime(snapshot.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
