package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.AbstractFileSource;
import org.apache.flink.connector.file.src.ContinuousEnumerationSettings;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.assigners.SimpleSplitAssigner;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;
import static org.apache.flink.util.Preconditions.checkState;

/**
 * The spool directory as a Flink source of {@link SpoolLine}s (SPEC §2): complete files only
 * ({@link SpoolFiles}), read line by line ({@link SpoolFormat}), each file once.
 *
 * <pre>{@code
 * env.fromSource(SpoolSource.continuous(dir, Duration.ofSeconds(1)), noWatermarks(), "spool");
 * env.fromSource(SpoolSource.bounded(dir).drainedMarker(marker), noWatermarks(), "spool");
 * }</pre>
 *
 * <p>Both modes keep the same checkpoint (Flink's {@link PendingSplitsCheckpoint} with the set of
 * files already handed out), so a job restored from a checkpoint or savepoint of either mode never
 * re-reads a finished file yet reads the ones that appeared since. Plain {@code FileSource}'s bounded
 * mode cannot: its enumerator forgets processed files, and a finished job restores as finished.
 *
 * <p>So the <b>bounded</b> mode lists the directory once and, when every file is read and every
 * reader idle, is <em>drained</em> — but does not finish: to Flink it is unbounded. It reports
 * drained by creating the {@link #drainedMarker(Path) marker file}; the launcher then calls
 * {@code JobClient.stopWithSavepoint(false, dir, CANONICAL)}, which keeps every operator's state
 * restorable. {@link #finishWhenDrained()} instead ends the job (for clusters, where there is no
 * launcher watching a file); its final checkpoint then restores as finished, reading nothing new.
 *
 * <p>The <b>continuous</b> mode lists the directory every discovery interval and never finishes.
 *
 * <p>Files are told apart by their full path (a local directory is qualified to {@code file:/...}
 * however it is spelled). A file is never read twice while it is in the spool. Once a completed
 * checkpoint covers all of a file's events it leaves the spool as {@link #whenRead(SpoolDone)} says
 * (moved to a done folder, deleted, or — the default of this class — kept), and its path leaves the
 * checkpointed state once a listing no longer finds it: a spool that receives a file every second
 * keeps a bounded directory and a bounded state.
 */
public final class SpoolSource extends AbstractFileSource<SpoolLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    private final Path dir;
    @Nullable private final Duration discoveryInterval;
    @Nullable private final Path drainedMarker;
    private final boolean finishWhenDrained;
    private final SpoolDone done;

    private SpoolSource(Path dir, @Nullable Duration discoveryInterval, @Nullable Path drainedMarker,
                        boolean finishWhenDrained, SpoolDone done) {
        // the parent's reader side (FileSourceReader + SpoolFormat) and serializers are used as they are;
        // the assigner is never used: SpoolSplitEnumerator hands out splits itself
        super(new Path[] {dir}, SpoolFileEnumerator::new, SimpleSplitAssigner::new, new SpoolFormat(),
                discoveryInterval == null ? null : new ContinuousEnumerationSettings(discoveryInterval));
        this.dir = dir;
        this.discoveryInterval = discoveryInterval;
        this.drainedMarker = drainedMarker;
        this.finishWhenDrained = finishWhenDrained;
        this.done = done;
    }

    /** Watches {@code dir}, listing it every {@code discoveryInterval}; never finishes. */
    public static SpoolSource continuous(Path dir, Duration discoveryInterval) {
        checkNotNull(discoveryInterval, "discoveryInterval");
        checkArgument(!discoveryInterval.isNegative() && !discoveryInterval.isZero(), "discoveryInterval must be > 0");
        return new SpoolSource(checkNotNull(dir, "dir"), discoveryInterval, null, false, SpoolDone.keep());
    }

    /** Reads the files in {@code dir} at start that no restored state has read yet, then reports drained. */
    public static SpoolSource bounded(Path dir) {
        return new SpoolSource(checkNotNull(dir, "dir"), null, null, false, SpoolDone.keep());
    }

    /**
     * Bounded only: when drained, create this file (written under a hidden name and renamed, so it
     * appears complete). The source deletes a stale marker when it starts; a launcher should delete
     * it before submitting too, since it polls before the source is up. The marker is written by the
     * split enumerator, i.e. on the JobManager's file system.
     */
    public SpoolSource drainedMarker(Path marker) {
        checkState(discoveryInterval == null, "drainedMarker is for the bounded spool source only");
        return new SpoolSource(dir, null, checkNotNull(marker, "marker"), finishWhenDrained, done);
    }

    /** Bounded only: when every file is read, finish (no marker needed); boundedness becomes BOUNDED. */
    public SpoolSource finishWhenDrained() {
        checkState(discoveryInterval == null, "finishWhenDrained is for the bounded spool source only");
        return new SpoolSource(dir, null, drainedMarker, true, done);
    }

    /** What to do with a file once a completed checkpoint covers its events (default: keep it). */
    public SpoolSource whenRead(SpoolDone done) {
        return new SpoolSource(dir, discoveryInterval, drainedMarker, finishWhenDrained, checkNotNull(done, "done"));
    }

    @Override
    public SourceReader<SpoolLine, FileSourceSplit> createReader(SourceReaderContext readerContext) {
        return new SpoolReader(super.createReader(readerContext), readerContext);
    }

    @Override
    public Boundedness getBoundedness() {
        return finishWhenDrained ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) {
        return enumerator(context, List.of(), List.of());
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        return enumerator(context, checkpoint.getAlreadyProcessedPaths(), checkpoint.getSplits());
    }

    private SpoolSplitEnumerator enumerator(SplitEnumeratorContext<FileSourceSplit> context,
                                            Collection<Path> processed,
                                            Collection<FileSourceSplit> pending) {
        long intervalMillis = discoveryInterval == null ? 0 : Math.max(1, discoveryInterval.toMillis());
        return new SpoolSplitEnumerator(context, dir, done, intervalMillis, drainedMarker, finishWhenDrained,
                processed, pending);
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }
}
