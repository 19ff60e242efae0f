package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Events with known ids for the fault tests, and the multisets of ids the job left behind. */
final class FaultData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultData() {}

    static String id(String prefix, int n) {
        return String.format("%s-%05d", prefix, n);
    }

    /**
     * One event line. A bad one carries {@code amount: 2.5}, which cannot go into the {@code bigint}
     * column {@code amount} without rounding: a data error, so it goes to {@code failed}.
     */
    static String event(String prefix, int n, boolean bad) {
        return "{\"eventn_ctx_event_id\":\"" + id(prefix, n) + "\",\"event_type\":\"fault\","
                + "\"_timestamp\":\"2024-05-01T12:00:00.000000Z\",\"seq\":" + n + ",\"amount\":" + (bad ? "2.5" : n)
                + ",\"label\":\"event " + n + "\"}";
    }

    /**
     * Writes events {@code from..to-1} as spool files of {@code perFile} lines each, each file written
     * under a hidden name and renamed when complete. Returns the ids of the good and of the bad events.
     */
    static Ids writeSpool(Path spool, String prefix, int from, int to, int perFile, IntPredicate bad) {
        Ids ids = new Ids();
        try {
            Files.createDirectories(spool);
            for (int start = from; start < to; start += perFile) {
                StringBuilder sb = new StringBuilder();
                for (int n = start; n < Math.min(to, start + perFile); n++) {
                    boolean b = bad.test(n);
                    sb.append(event(prefix, n, b)).append('\n');
                    (b ? ids.bad : ids.good).add(id(prefix, n));
                }
                String name = prefix + "-" + String.format("%05d", start) + ".log";
                Path tmp = spool.resolve("." + name);
                Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    static final class Ids {
        final List<String> good = new ArrayList<>();
        final List<String> bad = new ArrayList<>();

        Ids add(Ids other) {
            good.addAll(other.good);
            bad.addAll(other.bad);
            return this;
        }

        List<String> all() {
            List<String> all = new ArrayList<>(good);
            all.addAll(bad);
            return all;
        }
    }

    /** The lines of the finished (not hidden) files under {@code dir}. */
    static List<String> finishedLines(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().startsWith(".")) {
                    out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Event ids of archive lines (each the event as the destination received it). */
    static List<String> archiveIds(Path logPath, String destination) {
        return idsOf(finishedLines(logPath.resolve("archive").resolve("dst=" + destination)), "eventn_ctx_event_id");
    }

    /** Event ids of failed lines ({@code {"event":…,"error":…,"event_id":…}}). */
    static List<String> failedIds(Path logPath, String destination) {
        return idsOf(finishedLines(logPath.resolve("failed").resolve("dst=" + destination)), "event_id");
    }

    private static List<String> idsOf(List<String> lines, String field) {
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            try {
                JsonNode n = JSON.readTree(line);
                ids.add(n.path(field).asText());
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return ids;
    }

    /** Ids that occur more than once, with their counts. */
    static Map<String, Integer> duplicates(Collection<String> ids) {
        Map<String, Integer> counts = new TreeMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        counts.values().removeIf(c -> c == 1);
        return counts;
    }

    /** Asserts that {@code actual} holds exactly the ids of {@code expected}, each exactly once. */
    static void assertExactlyOnce(String what, Collection<String> actual, Collection<String> expected) {
        assertThat(duplicates(actual)).as(what + ": duplicated ids").isEmpty();
        assertThat(actual).as(what).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The highest completed checkpoint id under a state directory (checkpoints/<job>/chk-N/_metadata; the
     * newest 3 are kept). Flink deletes older chk-N folders meanwhile, so a folder may vanish mid-walk.
     */
    static long lastCompletedCheckpoint(Path stateDir) {
        long max = 0;
        for (Path job : listOrEmpty(stateDir.resolve(JobSettings.CHECKPOINTS))) {
            for (Path chk : listOrEmpty(job)) {
                String name = chk.getFileName().toString();
                if (name.startsWith("chk-") && Files.exists(chk.resolve("_metadata"))) {
                    max = Math.max(max, Long.parseLong(name.substring(4)));
                }
            }
        }
        return max;
    }

    private static java.util.List<Path> listOrEmpty(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.toList();
        } catch (IOException | UncheckedIOException e) {
            return java.util.List.of(); // absent, or deleted while we looked
        }
    }

    /** Polls {@code condition} every 100 ms until it holds; fails naming {@code what} after {@code seconds}. */
    static void await(String what, int seconds, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
