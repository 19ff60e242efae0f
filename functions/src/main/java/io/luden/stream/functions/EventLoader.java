package io.luden.stream.functions;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.SchemaCache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One destination's events, a batch at a time, SPEC §1 steps 1–8: the {@link EventPipeline} makes
 * each event's rows, they are grouped by table in arrival order and each table's rows go to the
 * destination's {@link BatchWriter} in one call (schema cache, one patch for the union of columns,
 * bulk write, isolation of bad rows). Plain Java, run on the destination's writer thread: the Flink
 * shell ({@link DestinationLoader}) owns the state, the queue and the outputs.
 */
public final class EventLoader implements AutoCloseable {
    private final DestinationConfig destination;
    private final BatchWriter writer;
    private final EventPipeline pipeline;

    public EventLoader(DestinationConfig destination, String maxmindPath) {
        this.destination = destination;
        this.writer = DestinationWriters.create(destination);
        this.pipeline = new EventPipeline(destination, maxmindPath, writer.maxIdentifierLength());
    }

    public DestinationConfig destination() {
        return destination;
    }

    /**
     * Loads the events' rows and says what became of each event, in order: LOADED when every row is
     * written; FAILED when a row was refused (the first refused row's reason; the event's other rows
     * may be written — a replay of the event rewrites them idempotently); RETRY when a row could not
     * be written now (connection-class). Once a table's write meets a connection-class error, later
     * tables of the batch are not tried (they would wait for the same timeout) and their rows retry too.
     */
    public Flush load(List<EventRecord> events, SchemaCache schemas) {
        return destination.batch().maxRows() == 1 ? loadOneByOne(events, schemas) : loadBatch(events, schemas);
    }

    /**
     * {@code batch.max_rows: 1}, Luden's stream mode: each row written on its own (one single-row
     * INSERT, committed), event after event; once one meets a connection-class error the rest are not
     * tried and retry.
     */
    private Flush loadOneByOne(List<EventRecord> events, SchemaCache schemas) {
        List<LoadOutcome> out = new ArrayList<>(events.size());
        long written = 0;
        String unreachable = null;
        for (EventRecord event : events) {
            if (unreachable != null) {
                out.add(LoadOutcome.retry(unreachable));
                continue;
            }
            EventPipeline.Result result = pipeline.process(event);
            if (result.error() != null) {
                out.add(LoadOutcome.failed(result.error()));
                continue;
            }
            if (result.skipped()) {
                out.add(LoadOutcome.skipped());
                continue;
            }
            List<Row> rows = result.rows();
            LoadOutcome outcome = LoadOutcome.loaded(rows.get(0).table());
            for (int j = 0; j < rows.size(); j++) {
                RowResult r = writer.write(rows.get(j).table(), List.of(rows.get(j)), schemas).get(0);
                if (r.kind() == RowResult.Kind.RETRY) {
                    unreachable = r.reason();
                    outcome = LoadOutcome.retry(r.reason());
                    break;
                }
                if (r.kind() == RowResult.Kind.REFUSED) {
                    outcome = LoadOutcome.failed((rows.size() == 1 ? "" : "row " + (j + 1) + " of " + rows.size() + ": ")
                            + r.reason());
                    break; // as Luden: the event's later rows are not written
                }
                written++;
            }
            out.add(outcome);
        }
        return new Flush(out, written);
    }

    private Flush loadBatch(List<EventRecord> events, SchemaCache schemas) {
        int n = events.size();
        LoadOutcome[] outcomes = new LoadOutcome[n];
        int[] rowsOf = new int[n];
        String[] firstTable = new String[n];
        // one write per table; a writer that keeps arrival order (a webhook) gets one per run of rows of one table
        boolean ordered = writer.writesInArrivalOrder();
        Map<String, List<Pending>> byTable = new LinkedHashMap<>();
        String runTable = null;
        int runs = 0;
        for (int i = 0; i < n; i++) {
            EventPipeline.Result result = pipeline.process(events.get(i));
            if (result.error() != null) {
                outcomes[i] = LoadOutcome.failed(result.error());
            } else if (result.skipped()) {
                outcomes[i] = LoadOutcome.skipped();
            } else {
                List<Row> rows = result.rows();
                rowsOf[i] = rows.size();
                firstTable[i] = rows.get(0).table();
                for (int j = 0; j < rows.size(); j++) {
                    String table = rows.get(j).table();
                    if (ordered && !table.equals(runTable)) {
                        runTable = table;
                        runs++;
                    }
                    String group = ordered ? runs + " " + table : table;
                    byTable.computeIfAbsent(group, t -> new ArrayList<>()).add(new Pending(i, j, rows.get(j)));
                }
            }
        }
        int[] refusedRow = new int[n];
        String[] refusal = new String[n];
        String[] retry = new String[n];
        String unreachable = null;
        long written = 0;
        for (Map.Entry<String, List<Pending>> table : byTable.entrySet()) {
            List<Pending> pending = table.getValue();
            List<RowResult> results;
            if (unreachable == null) {
                List<Row> rows = new ArrayList<>(pending.size());
                pending.forEach(p -> rows.add(p.row));
                String tableName = pending.get(0).row.table();
                results = writer.write(tableName, rows, schemas);
                if (results.size() != rows.size()) {
                    throw new IllegalStateException("the writer of destination " + destination.id() + " returned "
                            + results.size() + " results for " + rows.size() + " rows of table " + tableName);
                }
            } else {
                results = null;
            }
            for (int k = 0; k < pending.size(); k++) {
                Pending p = pending.get(k);
                RowResult r = results == null ? RowResult.retry(unreachable) : results.get(k);
                switch (r.kind()) {
                    case WRITTEN:
                        written++;
                        break;
                    case RETRY:
                        if (retry[p.event] == null) {
                            retry[p.event] = r.reason();
                        }
                        unreachable = unreachable == null ? r.reason() : unreachable;
                        break;
                    case REFUSED:
                    default:
                        if (refusal[p.event] == null || p.rowIndex < refusedRow[p.event]) {
                            refusal[p.event] = r.reason();
                            refusedRow[p.event] = p.rowIndex;
                        }
                        break;
                }
            }
        }
        List<LoadOutcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (outcomes[i] != null) {
                out.add(outcomes[i]);
            } else if (retry[i] != null) {
                out.add(LoadOutcome.retry(retry[i]));
            } else if (refusal[i] != null) {
                String where = rowsOf[i] == 1 ? "" : "row " + (refusedRow[i] + 1) + " of " + rowsOf[i] + ": ";
                out.add(LoadOutcome.failed(where + refusal[i]));
            } else {
                out.add(LoadOutcome.loaded(firstTable[i]));
            }
        }
        return new Flush(out, written);
    }

    @Override
    public void close() throws Exception {
        try {
            pipeline.close();
        } finally {
            writer.close();
        }
    }

    /** The outcome per event of one {@link #load(List, SchemaCache)}, and what it wrote. */
    public record Flush(List<LoadOutcome> outcomes, long rowsWritten) {}

    private record Pending(int event, int rowIndex, Row row) {}
}
