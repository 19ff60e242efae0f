package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Flink's file reader, plus what the enumerator needs to take read files out of the spool: at
 * start, the files restored into this reader ({@link SpoolReaderEvents.Holding}); in each checkpoint,
 * the files read to their end since the last one ({@link SpoolReaderEvents.Read}). A file given to
 * this reader that is no longer in its snapshot has been read whole: its events are all before
 * that checkpoint's barrier.
 */
final class SpoolReader implements SourceReader<SpoolLine, FileSourceSplit> {

    private final SourceReader<SpoolLine, FileSourceSplit> files;
    private final SourceReaderContext context;
    /** Split id → file, of every split given to this reader and not yet reported read. */
    private final Map<String, Path> given = new LinkedHashMap<>();
    private boolean started;

    SpoolReader(SourceReader<SpoolLine, FileSourceSplit> files, SourceReaderContext context) {
        this.files = files;
        this.context = context;
    }

    @Override
    public void start() {
        started = true;
        context.sendSourceEventToCoordinator(new SpoolReaderEvents.Holding(List.copyOf(given.values())));
        files.start();
    }

    @Override
    public void addSplits(List<FileSourceSplit> splits) {
        // before start(): restored from this reader's state; after: assigned by the enumerator
        splits.forEach(s -> given.put(s.splitId(), s.path()));
        files.addSplits(splits);
    }

    @Override
    public List<FileSourceSplit> snapshotState(long checkpointId) {
        List<FileSourceSplit> unread = files.snapshotState(checkpointId);
        if (started) {
            Set<String> open = new HashSet<>();
            unread.forEach(s -> open.add(s.splitId()));
            Collection<Path> read = new ArrayList<>();
            given.entrySet().removeIf(e -> !open.contains(e.getKey()) && read.add(e.getValue()));
            if (!read.isEmpty()) {
                context.sendSourceEventToCoordinator(new SpoolReaderEvents.Read(checkpointId, read));
            }
        }
        return unread;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<SpoolLine> output) throws Exception {
        return files.pollNext(output);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return files.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
        files.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        files.handleSourceEvents(event);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        files.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        files.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        files.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
        files.close();
    }
}
