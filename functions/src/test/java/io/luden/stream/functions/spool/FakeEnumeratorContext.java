package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** A single-threaded enumerator context: async calls run at once, periodic ones again on {@link #tick()}. */
final class FakeEnumeratorContext implements SplitEnumeratorContext<FileSourceSplit> {

    private final int parallelism;
    private final Map<Integer, ReaderInfo> readers = new HashMap<>();
    final Map<Integer, List<FileSourceSplit>> assigned = new HashMap<>();
    final Set<Integer> noMoreSplits = new HashSet<>();
    private final List<Runnable> periodic = new ArrayList<>();

    FakeEnumeratorContext(int parallelism) {
        this.parallelism = parallelism;
    }

    void registerReader(int subtask) {
        readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    void tick() {
        periodic.forEach(Runnable::run);
    }

    List<FileSourceSplit> assignedTo(int subtask) {
        return assigned.getOrDefault(subtask, List.of());
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
        return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
        return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
        return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<FileSourceSplit> assignment) {
        assignment.assignment().forEach((subtask, splits) ->
                assigned.computeIfAbsent(subtask, k -> new ArrayList<>()).addAll(splits));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
        noMoreSplits.add(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
        try {
            handler.accept(callable.call(), null);
        } catch (Exception e) {
            handler.accept(null, e);
        }
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
        Runnable call = () -> callAsync(callable, handler);
        periodic.add(call);
        call.run();
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
        runnable.run();
    }
}
