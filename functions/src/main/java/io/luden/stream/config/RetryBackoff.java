package io.luden.stream.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a destination retries while its warehouse is unreachable ({@code retry:} in the
 * configuration): the first wait, doubled after every failed attempt up to the longest.
 */
public final class RetryBackoff implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    private final Duration initial;
    private final Duration max;

    public RetryBackoff(Duration initial, Duration max) {
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry back-off needs 0 < initial <= max, got " + initial + ", " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    public Duration initial() { return initial; }
    public Duration max() { return max; }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} (>= 1) failures in a row. */
    public long delayMillis(int attempt) {
        long delay = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        return delay <= 0 ? max.toMillis() : Math.min(max.toMillis(), delay);
    }

    @Override
    public String toString() {
        return initial.toMillis() + " ms doubling to " + max.toMillis() + " ms";
    }
}
