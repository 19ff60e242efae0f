package io.luden.stream.functions;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.function.LongSupplier;

/**
 * A destination's metrics in the Flink web UI (group {@code destination=<id>} of the loader) and its
 * summary accumulators: events read / loaded / skipped / failed, events waiting in the queue, rows
 * written per second, events per flush, flush time and event-to-commit latency (from the moment the
 * event was read from the spool to the commit of its batch; histograms over the last
 * {@value #WINDOW} values).
 */
final class LoaderMeters {
    static final int WINDOW = 10_000;

    final Both read;
    final Both loaded;
    final Both skipped;
    final Both failed;
    final GaugeAccumulator waiting = new GaugeAccumulator();
    /** Milliseconds from spool read to commit, per event. */
    final Histogram latency = new DescriptiveStatisticsHistogram(WINDOW);
    private final Histogram batchSize = new DescriptiveStatisticsHistogram(WINDOW);
    private final Histogram flushMillis = new DescriptiveStatisticsHistogram(WINDOW);
    private final Counter rowsWritten;
    private final MetricGroup group;
    private boolean waitingGauge;

    LoaderMeters(RuntimeContext ctx, String destination) {
        group = ctx.getMetricGroup().addGroup("destination", destination);
        read = new Both(group.counter("eventsRead"), Summary.counter(ctx, destination, Summary.READ));
        loaded = new Both(group.counter("eventsLoaded"), Summary.counter(ctx, destination, Summary.LOADED));
        skipped = new Both(group.counter("eventsSkipped"), Summary.counter(ctx, destination, Summary.SKIPPED));
        failed = new Both(group.counter("eventsFailed"), Summary.counter(ctx, destination, Summary.FAILED));
        ctx.addAccumulator(Summary.name(destination, Summary.WAITING), waiting);
        rowsWritten = group.counter("rowsWritten");
        group.meter("rowsWrittenPerSecond", new MeterView(rowsWritten));
        group.histogram("eventsPerFlush", batchSize);
        group.histogram("flushMillis", flushMillis);
        group.histogram("eventToCommitMillis", latency);
    }

    /** The queue length gauge ({@code eventsWaiting}), registered once. */
    void waitingGauge(LongSupplier queued) {
        if (!waitingGauge) {
            group.gauge("eventsWaiting", queued::getAsLong);
            waitingGauge = true;
        }
    }

    void flushed(int events, long rows, long nanos) {
        batchSize.update(events);
        flushMillis.update(nanos / 1_000_000);
        rowsWritten.inc(rows);
    }

    static final class Both {
        final Counter metric;
        final LongCounter total;

        Both(Counter metric, LongCounter total) {
            this.metric = metric;
            this.total = total;
        }

        void inc() {
            metric.inc();
            total.add(1);
        }
    }
}
