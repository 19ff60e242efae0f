package io.luden.stream.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * A destination's micro-batches ({@code batch:} of a destination): its queued events are written when
 * {@link #maxRows()} of them wait or the oldest has waited {@link #maxDelay()}, whichever comes first.
 * {@code max_rows: 1} writes each event on its own, as Luden's stream mode does.
 */
public final class BatchSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default {@code max_rows}: large enough for bulk-load speed, small enough for short transactions. */
    public static final int DEFAULT_MAX_ROWS = 10_000;
    /**
     * Default {@code max_rows} of a webhook: it sends one request per event anyway, and a flush's
     * outcomes are recorded only when its last request is answered — a crash sends a whole flush
     * again, so a small one keeps what a receiver may see twice small.
     */
    public static final int DEFAULT_WEBHOOK_MAX_ROWS = 20;
    /** Default {@code max_delay} of {@code mode: stream}: an event is in its table well within a second. */
    public static final Duration DEFAULT_STREAM_DELAY = Duration.ofMillis(50);
    /** Default {@code max_delay} of {@code mode: batch}: Jitsu's batch mode uploaded every 5 minutes ({@code log.rotation_min}). */
    public static final Duration DEFAULT_BATCH_DELAY = Duration.ofMinutes(5);
    /**
     * Default {@code max_delay} of an {@code s3} destination in {@code mode: stream}: one object per table
     * per minute, not one per event (objects are read whole; many small ones are slow and cost per request).
     */
    public static final Duration DEFAULT_S3_STREAM_DELAY = Duration.ofMinutes(1);
    /** Largest {@code max_rows}: a flush is held in memory while it is written. */
    public static final int MAX_MAX_ROWS = 1_000_000;

    /** The default {@code max_delay} of a destination of {@code type} in stream or batch mode. */
    public static Duration defaultDelay(String type, boolean batchMode) {
        if (batchMode) {
            return DEFAULT_BATCH_DELAY;
        }
        return "s3".equals(type) ? DEFAULT_S3_STREAM_DELAY : DEFAULT_STREAM_DELAY;
    }

    public static final BatchSettings STREAM = new BatchSettings(DEFAULT_MAX_ROWS, DEFAULT_STREAM_DELAY);

    /** The default {@code max_rows} of a destination type. */
    public static int defaultMaxRows(String type) {
        return "webhook".equals(type) ? DEFAULT_WEBHOOK_MAX_ROWS : DEFAULT_MAX_ROWS;
    }

    private final int maxRows;
    private final Duration maxDelay;

    public BatchSettings(int maxRows, Duration maxDelay) {
        if (maxRows < 1 || maxRows > MAX_MAX_ROWS) {
            throw new IllegalArgumentException("max_rows must be between 1 and " + MAX_MAX_ROWS + ", got " + maxRows);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("max_delay must not be negative, got " + maxDelay);
        }
        this.maxRows = maxRows;
        this.maxDelay = maxDelay;
    }

    /** Events in one flush at most. */
    public int maxRows() {
        return maxRows;
    }

    /** How long the oldest queued event waits for more before a flush. */
    public Duration maxDelay() {
        return maxDelay;
    }

    @Override
    public String toString() {
        return "max_rows " + maxRows + ", max_delay " + maxDelay.toMillis() + " ms";
    }
}
