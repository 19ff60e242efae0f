package io.luden.stream.functions.spool;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.EventIds;
import io.luden.stream.functions.EventRecord;
import io.luden.stream.functions.Router;
import io.luden.stream.functions.SpoolEventParser;
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

    private static void file(java.nio.file.Path file, long modifiedMillis) throws IOException {
        Files.writeString(file, "{}\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedMillis));
    }

    private static Path flinkPath(java.nio.file.Path path) {
        return Path.fromLocalFile(path.toFile());
    }
}
