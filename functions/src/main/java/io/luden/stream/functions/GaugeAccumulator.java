package io.luden.stream.functions;

import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * An accumulator holding a current level (e.g. events waiting) rather than a running total: a
 * subtask sets its value, results of subtasks add up.
 */
public class GaugeAccumulator implements Accumulator<Long, Long> {
    private static final long serialVersionUID = 1L;

    private long value;

    @Override
    public void add(Long v) {
        value = v;
    }

    @Override
    public Long getLocalValue() {
        return value;
    }

    @Override
    public void resetLocal() {
        value = 0;
    }

    @Override
    public void merge(Accumulator<Long, Long> other) {
        value += other.getLocalValue();
    }

    @Override
    public GaugeAccumulator clone() {
        GaugeAccumulator c = new GaugeAccumulator();
        c.value = value;
        return c;
    }
}
