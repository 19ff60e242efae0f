package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolReaderTest {

    private final List<SourceEvent> sent = new ArrayList<>();
    private final List<FileSourceSplit> open = new ArrayList<>();

    @Test
    void saysAtStartWhichRestoredFilesItHoldsAndInEachCheckpointWhichFilesItReadToTheEnd() {
        SpoolReader reader = new SpoolReader(new FilesStub(), new Context());
        FileSourceSplit a = split("a.log");
        FileSourceSplit b = split("b.log");
        FileSourceSplit c = split("c.log");
        reader.addSplits(List.of(a)); // restored
        reader.start();
        reader.addSplits(List.of(b, c)); // assigned
        assertThat(sent).singleElement().isInstanceOfSatisfying(SpoolReaderEvents.Holding.class,
                h -> assertThat(h.files()).containsExactly(a.path()));

        open.addAll(List.of(a, b, c));
        reader.snapshotState(1);
        assertThat(sent).as("nothing read to the end yet").hasSize(1);

        open.remove(a);
        open.remove(c);
        reader.snapshotState(2);
        open.clear();
        reader.snapshotState(3);
        reader.snapshotState(4);

        assertThat(sent).hasSize(3);
        assertThat(sent.get(1)).isInstanceOfSatisfying(SpoolReaderEvents.Read.class, r -> {
            assertThat(r.checkpointId()).isEqualTo(2);
            assertThat(r.files()).containsExactly(a.path(), c.path());
        });
        assertThat(sent.get(2)).isInstanceOfSatisfying(SpoolReaderEvents.Read.class, r -> {
            assertThat(r.checkpointId()).isEqualTo(3);
            assertThat(r.files()).containsExactly(b.path());
        });
    }

    private static FileSourceSplit split(String name) {
        Path path = new Path("file:/spool/" + name);
        return new FileSourceSplit(path.toString(), path, 0, 10, 0, 10);
    }

    /** Flink's file reader as the wrapper sees it: what it still reads is in {@link #open}. */
    private final class FilesStub implements SourceReader<SpoolLine, FileSourceSplit> {
        @Override public void start() {}
        @Override public InputStatus pollNext(ReaderOutput<SpoolLine> output) { return InputStatus.NOTHING_AVAILABLE; }
        @Override public List<FileSourceSplit> snapshotState(long checkpointId) { return List.copyOf(open); }
        @Override public CompletableFuture<Void> isAvailable() { return new CompletableFuture<>(); }
        @Override public void addSplits(List<FileSourceSplit> splits) {}
        @Override public void notifyNoMoreSplits() {}
        @Override public void close() {}
    }

    private final class Context implements SourceReaderContext {
        @Override public SourceReaderMetricGroup metricGroup() { return UnregisteredMetricsGroup.createSourceReaderMetricGroup(); }
        @Override public Configuration getConfiguration() { return new Configuration(); }
        @Override public String getLocalHostName() { return "localhost"; }
        @Override public int getIndexOfSubtask() { return 0; }
        @Override public void sendSplitRequest() {}
        @Override public void sendSourceEventToCoordinator(SourceEvent event) { sent.add(event); }
        @Override public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(SpoolReaderTest.class.getClassLoader());
        }
    }
}
