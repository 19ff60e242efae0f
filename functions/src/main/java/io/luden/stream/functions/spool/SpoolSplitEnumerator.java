package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>Read files leave the spool ({@link SpoolDone}) once a completed checkpoint covers their
 * events: the readers report, per checkpoint, which files they read to the end before it
 * ({@link SpoolReaderEvents.Read}); when that checkpoint (or a later one) completes, those files are
 * moved or deleted. After a restore, every processed file that is neither waiting nor held by a
 * reader ({@link SpoolReaderEvents.Holding}) was read whole before the restored checkpoint, and is
 * taken out then. A processed path is forgotten as soon as a listing no longer finds the file, so
 * the state holds only files still in the spool.
 *
 * <p>The checkpoint is Flink's {@link PendingSplitsCheckpoint} (unassigned splits + processed
 * paths), so the standard serializer and the state of both modes are interchangeable.
 */
final class SpoolSplitEnumerator implements SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSplitEnumerator.class);

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final SpoolFileEnumerator files = new SpoolFileEnumerator();
    private final Path dir;
    private final SpoolDone done;
    /** 0 = list once (bounded). */
    private final long discoveryIntervalMillis;
    @Nullable private final Path drainedMarker;
    private final boolean finishWhenDrained;

    private final Set<Path> processed;
    private final Deque<FileSourceSplit> pending;
    private final Set<Integer> awaiting = new LinkedHashSet<>();
    private boolean listed;
    private boolean drained;
    private long handedOut;

    /** Files read to their end before checkpoint N (the key), to take out when a checkpoint >= N completes. */
    private final TreeMap<Long, List<Path>> readBefore = new TreeMap<>();
    private long lastCompletedCheckpoint = Long.MIN_VALUE;
    /** Until every reader has said what it holds, the files read before the restore are not known. */
    private final Map<Integer, List<Path>> holdings = new HashMap<>();
    private boolean swept;
    /** Handed out by this enumerator (so not read before the restore). */
    private final Set<Path> assignedHere = new HashSet<>();
    /** Names not read (hidden, Jitsu's active log) already mentioned in the log, while they are there. */
    private Set<Path> mentioned = new HashSet<>();

    SpoolSplitEnumerator(SplitEnumeratorContext<FileSourceSplit> context, Path dir, SpoolDone done,
                         long discoveryIntervalMillis, @Nullable Path drainedMarker, boolean finishWhenDrained,
                         Collection<Path> processed, Collection<FileSourceSplit> pending) {
        this.context = context;
        this.dir = dir;
        this.done = done;
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

    private SpoolFileEnumerator.Listing list() throws IOException {
        return files.list(dir);
    }

    private void addDiscovered(SpoolFileEnumerator.Listing listing, Throwable error) {
        if (error != null) {
            if (bounded()) {
                throw new FlinkRuntimeException("Could not list the spool directory " + dir, error);
            }
            LOG.error("Could not list the spool directory {}; trying again in {} ms", dir, discoveryIntervalMillis, error);
            return;
        }
        mentionNotRead(listing.notRead());
        Set<Path> present = new HashSet<>();
        List<FileSourceSplit> fresh = new ArrayList<>();
        for (FileSourceSplit split : listing.splits()) {
            present.add(split.path());
            if (processed.add(split.path())) {
                fresh.add(split);
            }
        }
        // a file that left the spool (moved when done, or removed by someone) is forgotten: the
        // state holds only what is there; waiting splits stay whatever happened to their files
        pending.forEach(split -> present.add(split.path()));
        processed.retainAll(present);
        fresh.sort(Comparator.comparingLong(FileSourceSplit::fileModificationTime)
                .thenComparing(split -> split.path().toString()));
        pending.addAll(fresh);
        if (!fresh.isEmpty() || !listed) {
            LOG.info("Spool {}: {} new file(s), {} waiting to be read", dir, fresh.size(), pending.size());
        }
        listed = true;
        assignSplits();
    }

    /** Each file or directory that is never read because of its name, once while it is there. */
    private void mentionNotRead(List<Path> notRead) {
        Set<Path> now = new HashSet<>(notRead);
        for (Path path : notRead) {
            if (mentioned.contains(path)) {
                continue;
            }
            if (SpoolFiles.isActiveIncomingLog(path.getName())) {
                String token = SpoolFiles.tokenFromFileName(path.getName());
                LOG.warn("Spool file {} is not read: incoming.tok={}.log is the name of Jitsu's active log, which is still"
                        + " being written to; only its rotated files are read (incoming.tok={}-<YYYY-MM-DDTHH-MM-SS.mmm>.log)."
                        + " If the file is complete, rename it to such a name, or to any name that does not start with '.' or '_'.",
                        path, token, token);
            } else {
                LOG.info("Spool {} {} is not read while its name starts with '{}' (a file still being written, by"
                        + " convention); it is read once renamed.", isDirectory(path) ? "directory" : "file", path,
                        path.getName().charAt(0));
            }
        }
        mentioned = now;
    }

    private static boolean isDirectory(Path path) {
        try {
            return path.getFileSystem().getFileStatus(path).isDir();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void handleSourceEvent(int subtask, SourceEvent event) {
        if (event instanceof SpoolReaderEvents.Read read) {
            List<Path> files = read.files();
            assignedHere.removeAll(files);
            if (read.checkpointId() <= lastCompletedCheckpoint) {
                takeOut(files); // that checkpoint completed before the event came
            } else {
                readBefore.computeIfAbsent(read.checkpointId(), id -> new ArrayList<>()).addAll(files);
            }
        } else if (event instanceof SpoolReaderEvents.Holding holding) {
            List<Path> held = holding.files();
            // a restarted reader reads these again: whatever it said of them before no longer holds
            readBefore.values().forEach(files -> files.removeAll(held));
            if (!swept) {
                holdings.put(subtask, held);
                sweepIfAllReadersHeld();
            }
        } else {
            LOG.warn("Spool {}: unexpected event {} from reader {}", dir, event, subtask);
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
        Map<Long, List<Path>> covered = readBefore.headMap(checkpointId, true);
        covered.values().forEach(this::takeOut);
        covered.clear();
    }

    /**
     * After a (re)start, once every reader has said which files it holds: every processed file that
     * is neither waiting, nor held, nor handed out since, was read whole before the restored
     * checkpoint (a split handed out after the enumerator's snapshot is in it as waiting).
     */
    private void sweepIfAllReadersHeld() {
        for (int i = 0; i < context.currentParallelism(); i++) {
            if (!holdings.containsKey(i)) {
                return;
            }
        }
        swept = true;
        Set<Path> stillNeeded = new HashSet<>(assignedHere);
        pending.forEach(split -> stillNeeded.add(split.path()));
        holdings.values().forEach(stillNeeded::addAll);
        holdings.clear();
        List<Path> readBeforeRestore = new ArrayList<>();
        for (Path path : processed) {
            if (!stillNeeded.contains(path)) {
                readBeforeRestore.add(path);
            }
        }
        if (done.removesFiles() && !readBeforeRestore.isEmpty()) {
            LOG.info("Spool {}: {} file(s) read before the restored checkpoint; {}", dir, readBeforeRestore.size(), done);
            takeOut(readBeforeRestore);
        }
    }

    /** Moves or deletes files whose events a completed checkpoint covers. */
    private void takeOut(List<Path> files) {
        if (!done.removesFiles()) {
            return;
        }
        for (Path file : files) {
            try {
                if (!file.getFileSystem().exists(file)) {
                    continue; // taken out before (e.g. by the run that wrote the restored checkpoint)
                }
                Path target = done.apply(file);
                LOG.debug("Spool file {} read: {}", file, target == null ? "deleted" : "moved to " + target);
            } catch (IOException e) {
                LOG.warn("Spool file {} is read and checkpointed but could not be taken out of the spool ({});"
                        + " it stays there and is not read again", file, done, e);
            }
        }
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
            Path back = splits.get(i).path();
            readBefore.values().forEach(files -> files.remove(back));
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
                FileSourceSplit split = pending.poll();
                assignedHere.add(split.path());
                handedOut++;
                context.assignSplit(split, subtask);
                readers.remove();
            } else if (bounded() && listed && finishWhenDrained) {
                context.signalNoMoreSplits(subtask);
                readers.remove();
            }
        }
        if (bounded() && listed && !finishWhenDrained && !drained && allReadersIdle()) {
            drained = true;
            LOG.info("Spool {} drained: {} file(s) read; {}", dir, handedOut,
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
                out.write(("drained " + dir + ": " + handedOut + " file(s) read\n").getBytes(StandardCharsets.UTF_8));
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
