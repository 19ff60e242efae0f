package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.Events;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ./luden replay [--config FILE] FILE...}: turns failed files back into spool files, without
 * starting Flink. Reads our failed lines ({@code {"event": {…}, "error": …, "event_id": …,
 * "destination_id": …, "timestamp": …}}) and Jitsu's ({@code {"event": {…}, "error": …, "event_id": …,
 * "RecognizedEvent": …}}), plain or gzipped; a directory stands for every file below it (hidden
 * names — a sink's files in progress, our own temporary files — are left out).
 *
 * <p>Each input file with at least one event becomes one new spool file in the configuration's
 * {@code spool.dir}, holding its {@code event} objects as compact JSON, one per line. It is written
 * under a hidden name ({@code .replay-<source>-<time>.log.tmp}, which the spool never reads) and
 * renamed to {@code replay-<source>-<UTC time>.log} only when every input was read completely, so
 * the running (or next) job reads each file once, whole — and a failure leaves no spool file at all.
 *
 * <p>Events keep their id ({@code eventn_ctx.event_id} / {@code eventn_ctx_event_id} /
 * {@code event_id}), so a replay never doubles a row that already loaded. An event without one gets
 * the failed line's {@code event_id}, else a name-based id of the failed file and line, written as
 * {@code eventn_ctx_event_id}: replaying the same failed file again gives the same ids.
 *
 * <p>Not replayed, counted and named with file:line: {@code malformed_event} lines, lines that are not
 * JSON objects, lines without an {@code event} object. Blank lines are ignored.
 *
 * <p>Exit codes: 0 done; 1 the spool file could not be written (nothing left behind); 2 bad
 * arguments, configuration or an input that cannot be read (nothing written).
 */
public final class Replay {
    static final String USAGE = "usage: luden replay [--config FILE] FILE...";
    /** Lines reported per input file; the rest are only counted. */
    static final int MAX_REPORTED = 1000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path spoolDir;
    private final PrintStream out;
    private final Clock clock;
    /** Called with the temporary files once all are written, before the first rename (tests). */
    private final Consumer<List<Path>> beforeRename;

    Replay(Path spoolDir, PrintStream out, Clock clock, Consumer<List<Path>> beforeRename) {
        this.spoolDir = spoolDir;
        this.out = out;
        this.clock = clock;
        this.beforeRename = beforeRename;
    }

    /** {@code args} are those after {@code replay}; returns the exit code. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String configFile = null;
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (options && a.equals("--config")) {
                if (i + 1 >= args.length) {
                    err.println("luden: --config needs a file; " + USAGE);
                    return 2;
                }
                configFile = args[++i];
            } else if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                err.println("luden: unknown option '" + a + "'; " + USAGE);
                return 2;
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            err.println("luden: replay needs at least one failed file or directory; " + USAGE);
            return 2;
        }
        LudenConfig config;
        try {
            config = StartupChecks.load(Path.of(configFile != null ? configFile : Launcher.defaultConfig()));
        } catch (ConfigException e) {
            err.println("luden: " + e.getMessage());
            return 2;
        }
        Path spool = Path.of(config.spoolDir());
        if (Files.exists(spool) && !Files.isDirectory(spool)) {
            err.println("luden: spool.dir " + spool + " must be a directory, but it is a file");
            return 2;
        }
        return new Replay(spool, out, Clock.systemUTC(), tmps -> { }).replay(files, err);
    }

    /** Replays {@code args} (files or directories) into the spool; returns the exit code. */
    int replay(List<String> args, PrintStream err) {
        List<Path> inputs;
        try {
            inputs = expand(args);
        } catch (BadInput e) {
            err.println("luden: " + e.getMessage());
            return 2;
        }
        if (inputs.isEmpty()) {
            out.println("luden: no files to replay in " + String.join(", ", args) + "; nothing written");
            return 0;
        }
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            err.println("luden: cannot create spool.dir " + spoolDir + ": " + e);
            return 2;
        }

        // 1. every input into a hidden temporary file; any failure removes them all
        String time = TIME.format(clock.instant());
        List<FileResult> results = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try {
            for (Path input : inputs) {
                results.add(readInto(input, time, names));
            }
        } catch (BadInput | WriteFailure e) {
            for (FileResult r : results) {
                deleteQuietly(r.tmp);
            }
            if (e instanceof BadInput) {
                err.println("luden: " + e.getMessage() + "; nothing written");
                return 2;
            }
            err.println("luden: " + e.getMessage() + "; nothing written");
            return 1;
        }
        List<Path> tmps = results.stream().filter(r -> r.tmp != null).map(r -> r.tmp).toList();
        beforeRename.accept(tmps);

        // 2. rename each to its visible name: the spool sees each file once, complete
        List<Path> written = new ArrayList<>();
        for (FileResult r : results) {
            if (r.tmp == null) {
                continue;
            }
            try {
                r.target = rename(r.tmp, r.targetName);
                written.add(r.target);
            } catch (IOException e) {
                for (FileResult left : results) {
                    if (left.tmp != null && left.target == null) {
                        deleteQuietly(left.tmp);
                    }
                }
                err.println("luden: cannot rename " + r.tmp + " to " + r.targetName + ": " + e);
                err.println("luden: " + (written.isEmpty() ? "nothing written" : "written before this: " + written));
                return 1;
            }
        }

        long replayed = 0;
        long malformed = 0;
        out.println("luden: replaying into " + spoolDir);
        for (FileResult r : results) {
            replayed += r.replayed;
            malformed += r.malformed;
            out.println("luden: " + r.input + ": " + r.replayed + " event(s) replayed, " + r.malformed
                    + " malformed/skipped → " + (r.target != null ? r.target : "nothing written")
                    + (r.idsAdded > 0 ? " (" + r.idsAdded + " event(s) without an id got one)" : ""));
            for (String p : r.problems) {
                out.println("luden:   " + p);
            }
            if (r.malformed > r.problems.size()) {
                out.println("luden:   … and " + (r.malformed - r.problems.size()) + " more");
            }
        }
        out.println("luden: " + replayed + " event(s) replayed from " + results.size() + " file(s), " + malformed
                + " malformed/skipped; the running job (or the next ./luden run) loads them");
        return 0;
    }

    /** Files named, and the files below directories named (sorted, hidden names left out), each once. */
    static List<Path> expand(List<String> args) throws BadInput {
        Set<Path> seen = new LinkedHashSet<>();
        for (String a : args) {
            Path p = Path.of(a).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new BadInput(a + ": no such file or directory");
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !hiddenBelow(p, f))
                            .sorted()
                            .forEach(f -> seen.add(f));
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new BadInput(a + ": cannot list the directory: " + e.getMessage());
                }
            } else {
                seen.add(p);
            }
        }
        List<Path> inputs = new ArrayList<>();
        for (Path f : seen) {
            if (!Files.isReadable(f)) {
                throw new BadInput(f + ": cannot read the file (permission denied)");
            }
            inputs.add(f);
        }
        return inputs;
    }

    /** A name below {@code dir} starting with {@code .} or {@code _}: in progress, or ours. */
    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path part : dir.relativize(file)) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private FileResult readInto(Path input, String time, Set<String> names) throws BadInput, WriteFailure {
        FileResult r = new FileResult(input);
        String source = sourceName(input);
        r.targetName = uniqueName("replay-" + source + "-" + time, names);
        BufferedWriter writer = null;
        FileOutputStream stream = null;
        boolean done = false;
        try (BufferedReader reader = FailedFileReader.open(input)) {
            long lineNo = 0;
            String line;
            while ((line = readLine(reader, input)) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                FailedFileReader.Entry e = FailedFileReader.entry(line, input, lineNo);
                if (e.problem() != null) {
                    r.malformed++;
                    if (r.problems.size() < MAX_REPORTED) {
                        r.problems.add(input + ":" + lineNo + ": " + e.problem());
                    }
                    continue;
                }
                if (e.idAdded()) {
                    r.idsAdded++;
                }
                try {
                    if (writer == null) {
                        r.tmp = uniqueTmp(".replay-" + source + "-" + time);
                        stream = new FileOutputStream(r.tmp.toFile());
                        writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    }
                    writer.write(Events.toJson(e.event()));
                    writer.write('\n');
                } catch (IOException ex) {
                    throw new WriteFailure("cannot write " + (r.tmp != null ? r.tmp : spoolDir) + ": " + ex);
                }
                r.replayed++;
            }
            if (writer != null) {
                try {
                    writer.flush();
                    stream.getFD().sync();
                    writer.close();
                    writer = null;
                } catch (IOException ex) {
                    throw new WriteFailure("cannot write " + r.tmp + ": " + ex);
                }
            }
            done = true;
        } catch (IOException ex) {
            throw new BadInput(input + ": cannot read: " + ex.getMessage());
        } finally {
            if (!done) {
                closeQuietly(writer);
                deleteQuietly(r.tmp);
                r.tmp = null;
            }
        }
        return r;
    }

    private static String readLine(BufferedReader reader, Path input) throws BadInput {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new BadInput(input + ": cannot read: " + e);
        }
    }

    /** The input's name without {@code .gz} and {@code .log}, in safe characters. */
    static String sourceName(Path input) {
        String n = input.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".log")) {
            n = n.substring(0, n.length() - 4);
        }
        n = n.replaceAll("[^A-Za-z0-9._=-]", "_");
        if (n.length() > 120) {
            n = n.substring(0, 120);
        }
        return n.isEmpty() ? "input" : n;
    }

    private String uniqueName(String base, Set<String> names) {
        String name = base + ".log";
        for (int i = 2; names.contains(name) || Files.exists(spoolDir.resolve(name)); i++) {
            name = base + "-" + i + ".log";
        }
        names.add(name);
        return name;
    }

    /** A new hidden {@code <base>[-i].log.tmp} in the spool (never read there). */
    private Path uniqueTmp(String base) throws IOException {
        String name = base + ".log.tmp";
        for (int i = 2; ; i++) {
            try {
                return Files.createFile(spoolDir.resolve(name));
            } catch (FileAlreadyExistsException e) {
                name = base + "-" + i + ".log.tmp";
            }
        }
    }

    /** Atomic rename to a name that does not exist yet (never over another file). */
    private Path rename(Path tmp, String name) throws IOException {
        Path target = spoolDir.resolve(name);
        String base = name.substring(0, name.length() - ".log".length());
        for (int i = 2; Files.exists(target); i++) {
            target = spoolDir.resolve(base + "-" + i + ".log");
        }
        return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a hidden .tmp file is never read by the spool
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
        }
    }

    private static final class FileResult {
        final Path input;
        long replayed;
        long malformed;
        long idsAdded;
        final List<String> problems = new ArrayList<>();
        Path tmp;
        String targetName;
        Path target;

        FileResult(Path input) {
            this.input = input;
        }
    }

    /** An argument or input file that cannot be used: exit code 2, nothing written. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    /** The spool file cannot be written: exit code 1, nothing left behind. */
    static final class WriteFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WriteFailure(String message) {
            super(message);
        }
    }
}
