package io.luden.stream.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-to-commit latency on PostgreSQL: a continuous {@code ./luden run --fresh}, spool files fed at
 * a fixed rate (a file every {@link #TICK_MS} ms, written under a hidden name and renamed into the
 * spool), the job's tables polled every {@link #POLL_MS} ms from a separate connection. An event's
 * latency is the start of the first poll that sees its row minus the moment its file was renamed
 * into the spool (both on this JVM's monotonic clock). DuckDB is not measured: the running job holds
 * its file's lock.
 */
final class LatencyRun {
    static final long TICK_MS = 100;
    static final long POLL_MS = 20;

    record Result(int rate, int seconds, int events, int seen, long p50, long p90, long p99, long max, JobRun.Result job) {}

    private LatencyRun() {}

    static Result run(Path repo, Path runDir, Path config, Path spool, PostgresTarget pg, String run, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        long[] renamed = new long[total];
        long[] seen = new long[total];
        JobRun job = JobRun.start(repo, runDir, config, false);
        JobRun.Result stopped = null;
        try (Connection c = pg.connect(PostgresTarget.database(run))) {
            // warm-up: one event of each type; measuring starts once all five tables hold theirs
            // (the job has started, connected and created its tables)
            List<ObjectNode> warm = new ArrayList<>();
            for (int i = 0; i < EventGenerator.EVENT_TYPES.size(); i++) {
                ObjectNode e = EventGenerator.event("warm", i, Instant.now());
                e.put("event_type", EventGenerator.EVENT_TYPES.get(i));
                warm.add(e);
            }
            EventGenerator.writeFile(spool, "warm-up.log", warm);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!allTablesExist(c)) {
                if (!job.isAlive()) {
                    throw new IllegalStateException("the continuous job ended before loading the warm-up events:\n"
                            + job.outputSoFar());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the warm-up events did not appear within 3 minutes");
                }
                Thread.sleep(POLL_MS);
            }

            Map<String, PreparedStatement> polls = new HashMap<>();
            for (String table : EventGenerator.EVENT_TYPES) {
                polls.put(table, c.prepareStatement("SELECT bench_seq FROM public." + TableRows.quote(table)
                        + " WHERE bench_seq >= ? AND eventn_ctx_event_id LIKE 'lat-%'"));
            }
            long start = System.nanoTime();
            int fed = 0;
            int minUnseen = 0;
            int ticks = (int) (seconds * 1000 / TICK_MS);
            long lastFeed = start;
            int tick = 0;
            long nextPoll = start;
            while (true) {
                long now = System.nanoTime();
                if (tick < ticks && now >= start + tick * TICK_MS * 1_000_000) {
                    int upTo = (int) ((long) total * (tick + 1) / ticks);
                    if (upTo > fed) {
                        List<ObjectNode> batch = new ArrayList<>(upTo - fed);
                        Instant sent = Instant.now();
                        for (int s = fed; s < upTo; s++) {
                            batch.add(EventGenerator.event("lat", s, sent));
                        }
                        EventGenerator.writeFile(spool, String.format("lat-%06d.log", tick), batch);
                        long at = System.nanoTime();
                        for (int s = fed; s < upTo; s++) {
                            renamed[s] = at;
                        }
                        fed = upTo;
                        lastFeed = at;
                    }
                    tick++;
                }
                if (now >= nextPoll) {
                    for (PreparedStatement ps : polls.values()) {
                        long at = System.nanoTime();
                        ps.setLong(1, minUnseen);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                int s = (int) rs.getLong(1);
                                if (s < total && seen[s] == 0) {
                                    seen[s] = at;
                                }
                            }
                        }
                    }
                    while (minUnseen < fed && seen[minUnseen] != 0) {
                        minUnseen++;
                    }
                    nextPoll = System.nanoTime() + POLL_MS * 1_000_000;
                }
                if (tick >= ticks && minUnseen >= total) {
                    break;
                }
                if (tick >= ticks && System.nanoTime() - lastFeed > Duration.ofSeconds(60).toNanos()) {
                    break; // give up on events not seen a minute after the last file
                }
                if (!job.isAlive()) {
                    throw new IllegalStateException("the continuous job ended while events were fed:\n" + job.outputSoFar());
                }
                long sleep = Math.min(nextPoll, tick < ticks ? start + tick * TICK_MS * 1_000_000 : nextPoll) - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            for (PreparedStatement ps : polls.values()) {
                ps.close();
            }
        } finally {
            // SIGTERM, as Ctrl-C: the launcher stops the job with a savepoint and prints its summary
            if (job.isAlive()) {
                stopped = job.stop(Duration.ofMinutes(3));
            }
        }
        long[] latencies = new long[total];
        int n = 0;
        for (int s = 0; s < total; s++) {
            if (seen[s] != 0) {
                latencies[n++] = Math.max(0, (seen[s] - renamed[s]) / 1_000_000);
            }
        }
        long[] l = Arrays.copyOf(latencies, n);
        Arrays.sort(l);
        return new Result(rate, seconds, total, n, pct(l, 50), pct(l, 90), pct(l, 99), n == 0 ? -1 : l[n - 1], stopped);
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static boolean allTablesExist(Connection c) throws SQLException {
        for (String table : EventGenerator.EVENT_TYPES) {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?)")) {
                ps.setString(1, "public." + TableRows.quote(table));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getString(1) == null) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM public." + TableRows.quote(table)
                    + " WHERE eventn_ctx_event_id LIKE 'warm-%'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
