package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hands spool files to readers, one split per file, oldest first, and remembers every file it ever
 * handed out so that no restore (from a checkpoint or savepoint of either mode) reads a file twice.
 *
 * <p>Continuous: lists the directory every discovery interval, forever (as Flink's
 * {@code ContinuousFileSplitEnumerator}). Bounded: lists it once; once every reader is idle and
 * nothing is left the source is <em>drained</em>, and either writes the drained marker (the launcher
 * then stops the job with a savepoint, so downstream state stays restorable and a later run can pick
 * up new files) or, with {@code finishWhenDrained}, tells the readers there are no more splits.
 *
 * <p>The checkpoint is Flink's {@link PendingSplitsCheckpoint} (unassigned splits + processed
 * paths), so the standard serializer and the state of both modes are interchangeable.
 */
final class SpoolSplitEnumerator implements SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSplitEnumerator.class);

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final FileEnumerator files;
    private final Path dir;
    /** 0 = list once (bounded). */
    private final long discoveryIntervalMillis;
    @Nullable private final Path drainedMarker;
    private final boolean finishWhenDrained;

    private final Set<Path> processed;
    private final Deque<FileSourceSplit> pending;
    private final Set<Integer> awaiting = new LinkedHashSet<>();
    private boolean listed;
    private boolean drained;

    SpoolSplitEnumerator(SplitEnumeratorContext<FileSourceSplit> context, FileEnumerator files, Path dir,
                         long discoveryIntervalMillis, @Nullable Path drainedMarker, boolean finishWhenDrained,
                         Collection<Path> processed, Collection<FileSourceSplit> pending) {
        this.context = context;
        this.files = files;
        this.dir = dir;
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        this.drainedMarker = drainedMarker;
        this.finishWhenDrained = finishWhenDrained;
        this.processed = new LinkedHashSet<>(processed);
        this.pending = new ArrayDeque<>(pending);
    }

    private boolean bounded() {
        return discoveryIntervalMillis == 0;
    }

    @Override
    public void start() {
        if (drainedMarker != null) {
            deleteMarker(); // left from an earlier run: this run has not drained yet
        }
        if (bounded()) {
            context.callAsync(this::list, this::addDiscovered);
        } else {
            context.callAsync(this::list, this::addDiscovered, 0, discoveryIntervalMillis);
        }
    }

    private Collection<FileSourceSplit> list() throws IOException {
        return files.enumerateSplits(new Path[] {dir}, 1);
    }

    private void addDiscovered(Collection<FileSourceSplit> splits, Throwable error) {
        if (error != null) {
            if (bounded()) {
                throw new FlinkRuntimeException("Could not list the spool directory " + dir, error);
            }
            LOG.error("Could not list the spool directory {}; trying again in {} ms", dir, discoveryIntervalMillis, error);
            return;
        }
        List<FileSourceSplit> fresh = new ArrayList<>();
        for (FileSourceSplit split : splits) {
            if (processed.add(split.path())) {
                fresh.add(split);
            }
        }
        fresh.sort(Comparator.comparingLong(FileSourceSplit::fileModificationTime)
                .thenComparing(split -> split.path().toString()));
        pending.addAll(fresh);
        if (!fresh.isEmpty() || !listed) {
            LOG.info("Spool {}: {} new file(s), {} waiting to be read", dir, fresh.size(), pending.size());
        }
        listed = true;
        assignSplits();
    }

    @Override
    public void handleSplitRequest(int subtask, @Nullable String hostname) {
        awaiting.add(subtask);
        assignSplits();
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtask) {
        // from a failed reader: read them again, first, from their last checkpointed position
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
    }

    @Override
    public void addReader(int subtask) {
        // pull-based: a reader asks for a split when it has none
    }

    @Override
    public PendingSplitsCheckpoint<FileSourceSplit> snapshotState(long checkpointId) {
        return PendingSplitsCheckpoint.fromCollectionSnapshot(pending, processed);
    }

    @Override
    public void close() {}

    private void assignSplits() {
        Iterator<Integer> readers = awaiting.iterator();
        while (readers.hasNext()) {
            int subtask = readers.next();
            if (!context.registeredReaders().containsKey(subtask)) {
                readers.remove(); // failed since it asked
            } else if (!pending.isEmpty()) {
                context.assignSplit(pending.poll(), subtask);
                readers.remove();
            } else if (bounded() && listed && finishWhenDrained) {
                context.signalNoMoreSplits(subtask);
                readers.remove();
            }
        }
        if (bounded() && listed && !finishWhenDrained && !drained && allReadersIdle()) {
            drained = true;
            LOG.info("Spool {} drained: {} file(s) read; {}", dir, processed.size(),
                    drainedMarker == null ? "no drained marker configured" : "writing " + drainedMarker);
            if (drainedMarker != null) {
                writeMarker();
            }
        }
    }

    private boolean allReadersIdle() {
        return pending.isEmpty()
                && context.registeredReaders().size() == context.currentParallelism()
                && awaiting.containsAll(context.registeredReaders().keySet());
    }

    /** Written to a hidden name and renamed, so the launcher never sees a half-written marker. */
    private void writeMarker() {
        Path tmp = new Path(drainedMarker.getParent(), "." + drainedMarker.getName() + ".tmp");
        try {
            FileSystem fs = drainedMarker.getFileSystem();
            try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
                out.write(("drained " + dir + ": " + processed.size() + " file(s) read\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.rename(tmp, drainedMarker)) {
                throw new IOException("rename " + tmp + " -> " + drainedMarker + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the drained marker " + drainedMarker, e);
        }
    }

    private void deleteMarker() {
        try {
            drainedMarker.getFileSystem().delete(drainedMarker, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the stale drained marker " + drainedMarker, e);
        }
    }
}
