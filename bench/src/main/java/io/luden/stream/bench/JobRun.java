package io.luden.stream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./luden run [--bounded] --fresh --config FILE} as a subprocess, exactly as a user starts it:
 * the repository's launcher script, its own working directory, its output in
 * {@code <dir>/luden-output.txt}. The wall time is measured around the whole process.
 */
final class JobRun {
    private static final Pattern SUMMARY =
            Pattern.compile("(?m)^luden: (\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    /** The end-of-run summary line of one destination (read/loaded/skipped/failed/waiting). */
    record Counts(long read, long loaded, long skipped, long failed, long waiting) {}

    record Result(int exitCode, double seconds, String output, Path outputFile) {
        /** The destination's summary line, or null when the run printed none. */
        Counts counts(String destination) {
            Matcher m = SUMMARY.matcher(output);
            while (m.find()) {
                if (m.group(1).equals(destination)) {
                    return new Counts(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
                }
            }
            return null;
        }

        String tail(int lines) {
            String[] all = output.split("\n");
            return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        }
    }

    private final Process process;
    private final long startNanos;
    private final Path dir;
    private final Path outputFile;

    private JobRun(Process process, long startNanos, Path dir, Path outputFile) {
        this.process = process;
        this.startNanos = startNanos;
        this.dir = dir;
        this.outputFile = outputFile;
    }

    /** Starts {@code <repo>/luden run --fresh [--bounded] --config config} in {@code dir}. */
    static JobRun start(Path repo, Path dir, Path config, boolean bounded) throws IOException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(repo.resolve("luden").toString(), "run"));
        if (bounded) {
            command.add("--bounded");
        }
        command.addAll(List.of("--fresh", "--config", config.toAbsolutePath().toString()));
        Path out = dir.resolve("luden-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        long start = System.nanoTime();
        return new JobRun(builder.start(), start, dir, out);
    }

    /** Runs to the end (a bounded run). */
    static Result runBounded(Path repo, Path dir, Path config, Duration timeout) throws Exception {
        return start(repo, dir, config, true).waitFor(timeout);
    }

    /** SIGTERM (what Ctrl-C does): the launcher stops the job with a savepoint and prints its summary. */
    Result stop(Duration timeout) throws Exception {
        process.destroy();
        return waitFor(timeout);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String outputSoFar() throws IOException {
        return Files.readString(outputFile, StandardCharsets.UTF_8);
    }

    Result waitFor(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("./luden run in " + dir + " did not finish within " + timeout.toSeconds()
                    + " s; its output: " + outputFile);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Result(process.exitValue(), seconds, Files.readString(outputFile, StandardCharsets.UTF_8), outputFile);
    }
}
