package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Collects what a MiniCluster job emits into a JVM-wide queue, so a test can read it while the job runs. */
final class CollectingSink implements Sink<SpoolLine> {

    private static final Map<String, Queue<SpoolLine>> RESULTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
        RESULTS.put(id, new ConcurrentLinkedQueue<>());
    }

    List<SpoolLine> lines() {
        return new ArrayList<>(RESULTS.get(id));
    }

    void clear() {
        RESULTS.get(id).clear();
    }

    @Override
    public SinkWriter<SpoolLine> createWriter(WriterInitContext context) {
        Queue<SpoolLine> target = RESULTS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(SpoolLine line, Context context) {
                target.add(line);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
