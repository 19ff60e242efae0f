package io.luden.stream.functions.spool;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.EventIds;
import io.luden.stream.functions.EventRecord;
import io.luden.stream.functions.Router;
import io.luden.stream.functions.SpoolEventParser;
import io.luden.stream.sinks.testing.LogCapture;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolSplitEnumeratorTest {

    @TempDir java.nio.file.Path tmp;

    private java.nio.file.Path spool() throws IOException {
        return Files.createDirectories(tmp.resolve("spool"));
    }

    @Test
    void handsOutOneSplitPerCompleteFileOldestFirstWithThePathAsId() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("b.log"), 2000);
        file(spool.resolve("a.log"), 1000);
        file(spool.resolve(".c.log.tmp"), 0);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool)).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();

        enumerator.handleSplitRequest(0, null);
        enumerator.handleSplitRequest(0, null);

        assertThat(context.assignedTo(0)).extracting(s -> s.path().getName()).containsExactly("a.log", "b.log");
        assertThat(context.assignedTo(0)).allSatisfy(s -> assertThat(s.splitId()).isEqualTo(s.path().toString()));
    }

    @Test
    void drainedOnlyWhenEveryReaderIsIdleAndNothingIsLeft() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        java.nio.file.Path marker = tmp.resolve("drained");
        FakeEnumeratorContext context = new FakeEnumeratorContext(2);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool)).drainedMarker(flinkPath(marker)).createEnumerator(context);
        context.registerReader(0);
        context.registerReader(1);
        enumerator.start();

        enumerator.handleSplitRequest(0, null); // gets a.log
        enumerator.handleSplitRequest(1, null); // nothing left, but reader 0 is still reading
        assertThat(marker).doesNotExist();

        enumerator.handleSplitRequest(0, null); // reader 0 done
        assertThat(marker).exists();
        assertThat(context.noMoreSplits).as("the job is stopped by the launcher, not finished").isEmpty();
    }

    @Test
    void notDrainedWhileAReaderHasNotRegistered() throws Exception {
        java.nio.file.Path marker = tmp.resolve("drained");
        FakeEnumeratorContext context = new FakeEnumeratorContext(2);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool())).drainedMarker(flinkPath(marker)).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();

        enumerator.handleSplitRequest(0, null);
        assertThat(marker).doesNotExist();

        context.registerReader(1);
        enumerator.addReader(1);
        enumerator.handleSplitRequest(1, null);
        assertThat(marker).exists();
    }

    @Test
    void finishWhenDrainedSignalsNoMoreSplitsInsteadOfAMarker() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(2);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool)).finishWhenDrained().createEnumerator(context);
        context.registerReader(0);
        context.registerReader(1);
        enumerator.start();

        enumerator.handleSplitRequest(0, null);
        enumerator.handleSplitRequest(1, null);

        assertThat(context.assignedTo(0)).hasSize(1);
        assertThat(context.noMoreSplits).containsExactly(1);
    }

    @Test
    void restoredEnumeratorSkipsProcessedFilesAndHandsOutPendingOnesFirst() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        file(spool.resolve("b.log"), 2000);
        FakeEnumeratorContext first = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool)).createEnumerator(first);
        first.registerReader(0);
        enumerator.start();
        enumerator.handleSplitRequest(0, null); // a.log handed out, b.log pending
        PendingSplitsCheckpoint<FileSourceSplit> checkpoint = enumerator.snapshotState(1);
        assertThat(checkpoint.getSplits()).extracting(s -> s.path().getName()).containsExactly("b.log");
        assertThat(checkpoint.getAlreadyProcessedPaths()).extracting(Path::getName).containsExactlyInAnyOrder("a.log", "b.log");

        file(spool.resolve("c.log"), 500); // new since the checkpoint, though older by mtime
        FakeEnumeratorContext second = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restored =
                SpoolSource.continuous(flinkPath(spool), Duration.ofSeconds(1)).restoreEnumerator(second, checkpoint);
        second.registerReader(0);
        restored.start();
        for (int i = 0; i < 3; i++) {
            restored.handleSplitRequest(0, null);
        }

        assertThat(second.assignedTo(0)).extracting(s -> s.path().getName()).containsExactly("b.log", "c.log");
    }

    @Test
    void continuousModeHandsOutFilesFoundByLaterListings() throws Exception {
        java.nio.file.Path spool = spool();
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.continuous(flinkPath(spool), Duration.ofSeconds(1)).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();
        enumerator.handleSplitRequest(0, null);
        assertThat(context.assignedTo(0)).isEmpty();

        file(spool.resolve("a.log"), 1000);
        context.tick();
        context.tick();

        assertThat(context.assignedTo(0)).extracting(s -> s.path().getName()).containsExactly("a.log");
        assertThat(context.noMoreSplits).isEmpty();
    }

    @Test
    void splitsOfAFailedReaderAreHandedOutAgain() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.bounded(flinkPath(spool)).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();
        enumerator.handleSplitRequest(0, null);

        enumerator.addSplitsBack(List.copyOf(context.assignedTo(0)), 0);
        enumerator.handleSplitRequest(0, null);

        assertThat(context.assignedTo(0)).extracting(s -> s.path().getName()).containsExactly("a.log", "a.log");
    }

    @Test
    void filePathsDoNotDependOnHowTheDirectoryIsSpelled() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        List<String> seen = new java.util.ArrayList<>();
        for (Path dir : List.of(flinkPath(spool), new Path(spool.toString()), new Path(spool.toUri()), new Path(spool + "/"))) {
            seen.add(new SpoolFileEnumerator().enumerateSplits(new Path[] {dir}, 1).iterator().next().path().toString());
        }
        assertThat(seen).containsOnly("file:" + spool.resolve("a.log"));
    }

    @Test
    void aReadFileLeavesTheSpoolWhenACheckpointTakenAfterItsLastLineCompletes() throws Exception {
        java.nio.file.Path spool = spool();
        java.nio.file.Path done = tmp.resolve("done");
        file(spool.resolve("a.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                startedWithOneReader(context, spool, SpoolDone.moveTo(flinkPath(spool), flinkPath(done)));
        enumerator.handleSplitRequest(0, null);
        Path a = context.assignedTo(0).get(0).path();

        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Read(5, List.of(a)));
        enumerator.notifyCheckpointComplete(4);
        assertThat(spool.resolve("a.log")).as("checkpoint 4 was taken before the reader finished it").exists();
        enumerator.notifyCheckpointComplete(5);

        assertThat(spool.resolve("a.log")).doesNotExist();
        assertThat(done.resolve("a.log")).hasContent("{}");
        assertThat(enumerator.snapshotState(6).getAlreadyProcessedPaths()).as("still listed until the next listing").containsExactly(a);
        context.tick();
        assertThat(enumerator.snapshotState(7).getAlreadyProcessedPaths()).as("gone from the spool, gone from the state").isEmpty();
        assertThat(context.assignedTo(0)).hasSize(1);
    }

    @Test
    void aReadReportForACheckpointThatAlreadyCompletedTakesTheFileOutAtOnce() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                startedWithOneReader(context, spool, SpoolDone.delete());
        enumerator.handleSplitRequest(0, null);

        enumerator.notifyCheckpointComplete(9);
        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Read(8, List.of(context.assignedTo(0).get(0).path())));

        assertThat(spool.resolve("a.log")).doesNotExist();
        assertThat(tmp.resolve("done")).doesNotExist();
    }

    @Test
    void aFileAReaderHoldsAgainAfterARestartOrThatCameBackIsNotTakenOut() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        file(spool.resolve("b.log"), 2000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                startedWithOneReader(context, spool, SpoolDone.delete());
        enumerator.handleSplitRequest(0, null);
        enumerator.handleSplitRequest(0, null);
        Path a = context.assignedTo(0).get(0).path();
        Path b = context.assignedTo(0).get(1).path();
        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Read(3, List.of(a, b)));

        // checkpoint 3 never completes; the reader restarts from checkpoint 2, where it still held a.log,
        // and b.log (handed out after checkpoint 2) comes back to the enumerator
        enumerator.addSplitsBack(List.of(context.assignedTo(0).get(1)), 0);
        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Holding(List.of(a)));
        enumerator.notifyCheckpointComplete(4);

        assertThat(spool.resolve("a.log")).exists();
        assertThat(spool.resolve("b.log")).exists();
    }

    @Test
    void afterARestoreFilesReadBeforeTheCheckpointLeaveOnceEveryReaderHasSaidWhatItHolds() throws Exception {
        java.nio.file.Path spool = spool();
        java.nio.file.Path done = tmp.resolve("done");
        for (String name : List.of("a.log", "b.log", "c.log", "d.log")) {
            file(spool.resolve(name), 1000);
        }
        Path a = flinkPath(spool.resolve("a.log"));
        Path b = flinkPath(spool.resolve("b.log"));
        Path c = flinkPath(spool.resolve("c.log"));
        Path d = flinkPath(spool.resolve("d.log"));
        FileSourceSplit waitingC = new FileSourceSplit(c.toString(), c, 0, 3, 1000, 3);
        // a.log was read whole before the checkpoint, b.log was being read, c.log was waiting; d.log is new
        PendingSplitsCheckpoint<FileSourceSplit> checkpoint = PendingSplitsCheckpoint.fromCollectionSnapshot(
                List.of(waitingC), List.of(a, b, c));
        FakeEnumeratorContext context = new FakeEnumeratorContext(2);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restored = SpoolSource
                .continuous(flinkPath(spool), Duration.ofSeconds(1)).whenRead(SpoolDone.moveTo(flinkPath(spool), flinkPath(done)))
                .restoreEnumerator(context, checkpoint);
        context.registerReader(0);
        context.registerReader(1);
        restored.start();

        restored.handleSourceEvent(1, new SpoolReaderEvents.Holding(List.of(b)));
        assertThat(spool.resolve("a.log")).as("reader 0 has not said what it holds").exists();
        restored.handleSplitRequest(0, null);
        restored.handleSplitRequest(0, null);
        restored.handleSourceEvent(0, new SpoolReaderEvents.Holding(List.of()));

        assertThat(context.assignedTo(0)).extracting(s -> s.path().getName()).containsExactly("c.log", "d.log");
        assertThat(done.resolve("a.log")).exists();
        assertThat(spool.resolve("a.log")).doesNotExist();
        assertThat(spool).isDirectoryContaining(p -> p.getFileName().toString().equals("b.log"));
        assertThat(spool.resolve("c.log")).exists();
        assertThat(spool.resolve("d.log")).exists();
    }

    @Test
    void keepLeavesReadFilesInTheSpoolAndNeverReadsThemAgain() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                startedWithOneReader(context, spool, SpoolDone.keep());
        enumerator.handleSplitRequest(0, null);
        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Read(1, List.of(context.assignedTo(0).get(0).path())));
        enumerator.notifyCheckpointComplete(1);
        context.tick();
        enumerator.handleSplitRequest(0, null);

        assertThat(spool.resolve("a.log")).exists();
        assertThat(context.assignedTo(0)).hasSize(1);
        assertThat(enumerator.snapshotState(2).getAlreadyProcessedPaths()).extracting(Path::getName).containsExactly("a.log");
    }

    @Test
    void aFileRemovedFromTheSpoolBySomeoneElseLeavesTheState() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("a.log"), 1000);
        file(spool.resolve("b.log"), 2000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.continuous(flinkPath(spool), Duration.ofSeconds(1)).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();
        enumerator.handleSplitRequest(0, null);

        Files.delete(spool.resolve("a.log"));
        Files.delete(spool.resolve("b.log")); // waiting: its split stays, the reader will report the missing file
        context.tick();

        PendingSplitsCheckpoint<FileSourceSplit> state = enumerator.snapshotState(1);
        assertThat(state.getAlreadyProcessedPaths()).extracting(Path::getName).containsExactly("b.log");
        assertThat(state.getSplits()).extracting(s -> s.path().getName()).containsExactly("b.log");
    }

    @Test
    void namesThatAreNeverReadAreMentionedOnceWhileTheyAreThere() throws Exception {
        java.nio.file.Path spool = spool();
        file(spool.resolve("incoming.tok=web-1.log"), 1000);
        file(spool.resolve("_half.log"), 1000);
        FakeEnumeratorContext context = new FakeEnumeratorContext(1);
        try (LogCapture logs = LogCapture.of(SpoolSplitEnumerator.class)) {
            SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                    SpoolSource.continuous(flinkPath(spool), Duration.ofSeconds(1)).createEnumerator(context);
            enumerator.start();
            context.tick();
            context.tick();
            assertThat(logs.warnings()).containsExactly("Spool file " + flinkPath(spool.resolve("incoming.tok=web-1.log"))
                    + " is not read: incoming.tok=web-1.log is the name of Jitsu's active log, which is still being written"
                    + " to; only its rotated files are read (incoming.tok=web-1-<YYYY-MM-DDTHH-MM-SS.mmm>.log). If the file"
                    + " is complete, rename it to such a name, or to any name that does not start with '.' or '_'.");

            Files.delete(spool.resolve("incoming.tok=web-1.log"));
            context.tick();
            file(spool.resolve("incoming.tok=web-1.log"), 2000); // a new active log: mentioned again
            context.tick();
            assertThat(logs.warnings()).hasSize(2);
        }
        assertThat(context.assignedTo(0)).isEmpty();
    }

    @Test
    void listingASpoolWhoseFilesAreRenamedMeanwhileNeverFails() throws Exception {
        java.nio.file.Path spool = spool();
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; run.get(); i++) {
                try {
                    java.nio.file.Path hidden = Files.writeString(spool.resolve(".f" + i + ".tmp"), "{}\n");
                    Files.move(hidden, spool.resolve("f" + i + ".log"));
                    Files.delete(spool.resolve("f" + i + ".log"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 300; i++) {
                new SpoolFileEnumerator().list(flinkPath(spool)); // throws FileNotFoundException if a rename is not retried
            }
        } finally {
            run.set(false);
            writer.join();
        }
    }

    /** What EventIds hashes for an event without an id: the decoded {@code file:} URI, as the job's source gives it. */
    @Test
    void eventIdsAreDerivedFromTheFileUriWithSpacesAndNonAsciiLettersAsTheyAre() throws Exception {
        java.nio.file.Path spool = spool();
        java.nio.file.Path file = Files.writeString(Files.createDirectories(spool.resolve("\u00c9v\u00e9nements 2024"))
                .resolve("\u00fcn\u00efcode file \u2603.log"), "\n{\"a\":1}\n");
        // as Launcher builds the source: a Flink Path of the configured absolute directory
        FileSourceSplit split = new SpoolFileEnumerator().enumerateSplits(new Path[] {new Path(spool.toString())}, 1)
                .iterator().next();
        SpoolLine line = new SpoolFormat().createReader(new Configuration(), split).readBatch().next().getRecord();

        assertThat(line.path).isEqualTo("file:" + file.toAbsolutePath());
        EventRecord record = new SpoolEventParser(new Router(new LudenConfig(List.of(), spool.toString(), "/l", "/st",
                Duration.ofSeconds(1), Map.of(), List.of()))).parse(line, Instant.EPOCH);
        assertThat(record.eventId).isEqualTo(EventIds.deterministicId("file:" + file.toAbsolutePath(), 2));
    }

    /** A continuous enumerator with reader 0 registered and started (it said it holds nothing). */
    private static SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> startedWithOneReader(
            FakeEnumeratorContext context, java.nio.file.Path spool, SpoolDone done) {
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
                SpoolSource.continuous(flinkPath(spool), Duration.ofSeconds(1)).whenRead(done).createEnumerator(context);
        context.registerReader(0);
        enumerator.start();
        enumerator.handleSourceEvent(0, new SpoolReaderEvents.Holding(List.of()));
        return enumerator;
    }

    private static void file(java.nio.file.Path file, long modifiedMillis) throws IOException {
        Files.writeString(file, "{}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    private static Path flinkPath(java.nio.file.Path path) {
        return Path.fromLocalFile(path.toFile());
    }
}
