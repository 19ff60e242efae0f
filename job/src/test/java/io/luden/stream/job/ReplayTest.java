package io.luden.stream.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.FailedLines;
import io.luden.stream.functions.spool.SpoolFiles;
import io.luden.stream.sinks.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReplayTest {
    private static final Instant AT = Instant.parse("2024-05-06T07:08:09.123Z");

    @TempDir
    Path work;

    private Path spool;
    private Path config;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        spool = work.resolve("spool");
        config = work.resolve("luden.yaml");
        Files.writeString(config, "spool: {dir: " + spool + "}\nlog: {path: " + work.resolve("events") + "}\n"
                + "state: {dir: " + work.resolve("state") + "}\n"
                + "destinations:\n  w: {type: duckdb, datasource: {path: " + work.resolve("w.duckdb") + "}}\n");
    }

    private int replay(String... files) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(Arrays.asList(files));
        return Replay.run(args.toArray(String[]::new), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Every file in the spool, hidden ones included. */
    private List<Path> spoolFiles() throws IOException {
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private List<String> spoolLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : spoolFiles()) {
            lines.addAll(Files.readAllLines(f));
        }
        return lines;
    }

    private static String failed(String eventJson, String id) {
        return FailedLines.forEvent(eventJson, "column n: bigint, got \"abc\"", id, "w", AT);
    }

    private Path write(String name, String... lines) throws IOException {
        Path f = work.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private static void gzip(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(target))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void replaysOurFailedLinesAsCompactEventsInOneNewSpoolFile() throws Exception {
        Path in = write("failed/dst=w/failed.dst=w-0b1c-0.log",
                failed("{\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2024-05-06T07:00:00Z\",\"n\":\"abc\",\"price\":1.0}", "e1"),
                failed("{\"eventn_ctx\": {\"event_id\": \"e2\"}, \"n\": 12345678901234567890}", "e2"));

        int code = replay(in.toString());

        assertThat(code).as(err()).isZero();
        List<Path> files = spoolFiles();
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).matches("replay-failed\\.dst=w-0b1c-0-\\d{8}T\\d{9}Z\\.log");
            assertThat(SpoolFiles.isComplete(f.getFileName().toString())).isTrue();
        });
        assertThat(Files.readAllLines(files.get(0))).containsExactly(
                "{\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2024-05-06T07:00:00Z\",\"n\":\"abc\",\"price\":1.0}",
                "{\"eventn_ctx\":{\"event_id\":\"e2\"},\"n\":12345678901234567890}");
        assertThat(out()).contains(in + ": 2 event(s) replayed, 0 malformed/skipped → " + files.get(0))
                .contains("2 event(s) replayed from 1 file(s), 0 malformed/skipped");
    }

    @Test
    void replaysJitsusFallbackFileAndGivesEventsWithoutAnIdAStableOne() throws Exception {
        Path fixture = TestData.path("jitsu/server/test_data/fallback_fact_input.log");
        Path in = work.resolve("failed.dst=pg-2020-08-02T18-23-56.000.log");
        Files.copy(fixture, in);

        assertThat(replay(in.toString())).as(err()).isZero();
        assertThat(out()).contains("2 event(s) replayed, 0 malformed/skipped").contains("2 event(s) without an id got one");
        List<String> first = spoolLines();
        assertThat(first).hasSize(2);
        JsonNode e1 = Events.mapper().readTree(first.get(0));
        assertThat(e1.get("event_type").asText()).isEqualTo("user");
        assertThat(e1.get("key10").get("sib1").get("1").asText()).isEqualTo("k");
        assertThat(e1.get("eventn_ctx_event_id").asText()).isNotEmpty();
        assertThat(Events.mapper().readTree(first.get(1)).get("key5").toString()).isEqualTo("[1,2,4,5]");

        // the same failed file replayed again: a second spool file, the same ids (no doubled rows)
        assertThat(replay(in.toString())).isZero();
        List<Path> files = spoolFiles();
        assertThat(files).hasSize(2);
        assertThat(Files.readAllLines(files.get(0))).isEqualTo(Files.readAllLines(files.get(1)));
    }

    @Test
    void anEventWhoseTokenCameFromItsFileNameGetsItAsApiKeySoItIsRoutedAsBefore() throws Exception {
        Path in = write("failed.log",
                FailedLines.forEvent("{\"eventn_ctx_event_id\":\"t1\",\"n\":1}", "x", "t1", "w", "mobile", AT),
                FailedLines.forEvent("{\"eventn_ctx_event_id\":\"t2\",\"api_key\":\"js_secret\"}", "x", "t2", "w", "web", AT),
                FailedLines.forEvent("{\"eventn_ctx_event_id\":\"t3\"}", "x", "t3", "w", null, AT));

        assertThat(replay(in.toString())).as(err()).isZero();

        assertThat(spoolLines()).containsExactly(
                "{\"eventn_ctx_event_id\":\"t1\",\"n\":1,\"api_key\":\"mobile\"}",
                "{\"eventn_ctx_event_id\":\"t2\",\"api_key\":\"js_secret\"}",
                "{\"eventn_ctx_event_id\":\"t3\"}");
    }

    @Test
    void jitsuLinesWithATopLevelEventIdKeepThatId() throws Exception {
        Path in = write("jitsu.log",
                "{\"event\":{\"event_type\":\"pageview\",\"url\":\"/a\"},\"error\":\"x\",\"event_id\":\"j-1\",\"RecognizedEvent\":false}",
                "{\"event\":{\"eventn_ctx\":{\"event_id\":\"j-2\"}},\"error\":\"x\",\"event_id\":\"other\",\"RecognizedEvent\":true}");

        assertThat(replay(in.toString())).as(err()).isZero();

        assertThat(spoolLines()).containsExactly(
                "{\"event_type\":\"pageview\",\"url\":\"/a\",\"eventn_ctx_event_id\":\"j-1\"}",
                "{\"eventn_ctx\":{\"event_id\":\"j-2\"}}");
    }

    @Test
    void readsGzippedFailedFiles() throws Exception {
        Path in = work.resolve("failed.dst=w-1.log.gz");
        gzip(in, failed("{\"eventn_ctx_event_id\":\"g1\",\"a\":1}", "g1") + "\n"
                + failed("{\"eventn_ctx_event_id\":\"g2\",\"a\":2}", "g2") + "\n");

        assertThat(replay(in.toString())).as(err()).isZero();

        assertThat(spoolFiles()).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("replay-failed.dst=w-1-").endsWith(".log"));
        assertThat(spoolLines()).containsExactly("{\"eventn_ctx_event_id\":\"g1\",\"a\":1}",
                "{\"eventn_ctx_event_id\":\"g2\",\"a\":2}");
    }

    @Test
    void aDirectoryStandsForEveryFinishedFileBelowIt() throws Exception {
        Path dir = work.resolve("events/failed/dst=pg");
        write("events/failed/dst=pg/failed.dst=pg-a-0.log", failed("{\"eventn_ctx_event_id\":\"d1\"}", "d1"));
        write("events/failed/dst=pg/sub/failed.dst=pg-a-1.log", failed("{\"eventn_ctx_event_id\":\"d2\"}", "d2"));
        gzip(dir.resolve("old.log.gz"), failed("{\"eventn_ctx_event_id\":\"d3\"}", "d3") + "\n");
        // a sink's file in progress is hidden: not read
        write("events/failed/dst=pg/.failed.dst=pg-a-2.log.inprogress.x", failed("{\"eventn_ctx_event_id\":\"d4\"}", "d4"));

        assertThat(replay(dir.toString())).as(err()).isZero();

        assertThat(spoolFiles()).hasSize(3);
        assertThat(spoolLines()).containsExactlyInAnyOrder("{\"eventn_ctx_event_id\":\"d1\"}",
                "{\"eventn_ctx_event_id\":\"d2\"}", "{\"eventn_ctx_event_id\":\"d3\"}");
        assertThat(out()).contains("3 event(s) replayed from 3 file(s)").doesNotContain("inprogress");
    }

    @Test
    void malformedEntriesAreCountedAndNamedWithFileAndLineNotReplayed() throws Exception {
        Path in = write("failed/mixed.log",
                failed("{\"eventn_ctx_event_id\":\"ok1\"}", "ok1"),
                FailedLines.forMalformed("{broken json", "invalid JSON", "/spool/x.log", 3, AT),
                "",
                "this is not json",
                "[1,2,3]",
                "{\"error\":\"no event here\"}",
                "{\"event\":\"{\\\"a\\\":1}\",\"error\":\"raw\",\"RecognizedEvent\":false}",
                "   ",
                failed("{\"eventn_ctx_event_id\":\"ok2\"}", "ok2"));

        assertThat(replay(in.toString())).as(err()).isZero();

        assertThat(spoolLines()).containsExactly("{\"eventn_ctx_event_id\":\"ok1\"}", "{\"eventn_ctx_event_id\":\"ok2\"}");
        assertThat(out()).contains(in + ": 2 event(s) replayed, 5 malformed/skipped")
                .contains(in + ":2: a malformed_event line")
                .contains(in + ":4: not JSON")
                .contains(in + ":5: not a JSON object but a JSON array")
                .contains(in + ":6: no \"event\" field")
                .contains(in + ":7: \"event\" is a JSON string, not an object")
                .doesNotContain(in + ":3:").doesNotContain(in + ":8:");
    }

    @Test
    void aFileWithNothingToReplayWritesNoSpoolFile() throws Exception {
        Path in = write("only-malformed.log", FailedLines.forMalformed("x", "invalid JSON", "/s/a.log", 1, AT), "");

        assertThat(replay(in.toString())).as(err()).isZero();

        assertThat(spoolFiles()).isEmpty();
        assertThat(out()).contains(in + ": 0 event(s) replayed, 1 malformed/skipped → nothing written");
    }

    @Test
    void theSpoolNeverSeesAPartialFileOnlyTheHiddenTemporaryUntilItIsComplete() throws Exception {
        Path a = write("a.log", failed("{\"eventn_ctx_event_id\":\"a1\"}", "a1"), failed("{\"eventn_ctx_event_id\":\"a2\"}", "a2"));
        Path b = write("b.log", failed("{\"eventn_ctx_event_id\":\"b1\"}", "b1"));
        Files.createDirectories(spool);
        AtomicBoolean checked = new AtomicBoolean();
        Replay replay = new Replay(spool, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                Clock.fixed(AT, ZoneOffset.UTC), tmps -> {
                    try {
                        // everything is written, nothing is visible to the spool yet
                        assertThat(tmps).hasSize(2).allSatisfy(t -> {
                            assertThat(t.getFileName().toString()).startsWith(".replay-").endsWith(".log.tmp");
                            assertThat(SpoolFiles.isComplete(t.getFileName().toString())).isFalse();
                        });
                        assertThat(Files.readAllLines(tmps.get(0))).hasSize(2);
                        assertThat(spoolFiles()).allSatisfy(f -> assertThat(SpoolFiles.isComplete(f.getFileName().toString())).isFalse());
                        checked.set(true);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });

        assertThat(replay.replay(List.of(a.toString(), b.toString()), new PrintStream(errBytes, true, StandardCharsets.UTF_8)))
                .as(err()).isZero();

        assertThat(checked).isTrue();
        assertThat(spoolFiles()).extracting(f -> f.getFileName().toString())
                .containsExactly("replay-a-20240506T070809123Z.log", "replay-b-20240506T070809123Z.log");
    }

    @Test
    void aFailureMidwayLeavesNoSpoolFileAtAll() throws Exception {
        Path good = write("a-good.log", failed("{\"eventn_ctx_event_id\":\"a1\"}", "a1"));
        // a gzip file cut off in the middle: the first file is already written when reading this fails
        Path whole = work.resolve("whole.gz");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append(failed("{\"eventn_ctx_event_id\":\"t" + i + "\",\"pad\":\"" + "x".repeat(i % 50) + i + "\"}", "t" + i)).append('\n');
        }
        gzip(whole, many.toString());
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = work.resolve("b-truncated.log.gz");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        int code = replay(good.toString(), truncated.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(truncated.toString()).contains("cannot read").contains("nothing written");
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void replayingTheSameFileTwiceNeverOverwritesTheFirstSpoolFile() throws Exception {
        Path in = write("x.log", failed("{\"eventn_ctx_event_id\":\"x1\"}", "x1"));
        Files.createDirectories(spool);
        PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Clock fixed = Clock.fixed(AT, ZoneOffset.UTC);

        assertThat(new Replay(spool, o, fixed, t -> { }).replay(List.of(in.toString()), e)).isZero();
        assertThat(new Replay(spool, o, fixed, t -> { }).replay(List.of(in.toString()), e)).isZero();

        assertThat(spoolFiles()).extracting(f -> f.getFileName().toString())
                .containsExactly("replay-x-20240506T070809123Z-2.log", "replay-x-20240506T070809123Z.log");
    }

    @Test
    void badArgumentsConfigurationOrInputExitWithTwoAndWriteNothing() throws Exception {
        Path good = write("good.log", failed("{\"eventn_ctx_event_id\":\"a1\"}", "a1"));
        PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        assertThat(Replay.run(new String[] {"--config", config.toString()}, o, e)).isEqualTo(2);
        assertThat(err()).contains("at least one failed file").contains(Replay.USAGE);

        assertThat(Replay.run(new String[] {"--config"}, o, e)).isEqualTo(2);
        assertThat(err()).contains("--config needs a file");

        assertThat(Replay.run(new String[] {"--bounded", good.toString()}, o, e)).isEqualTo(2);
        assertThat(err()).contains("unknown option '--bounded'");

        assertThat(replay(good.toString(), work.resolve("missing.log").toString())).isEqualTo(2);
        assertThat(err()).contains("missing.log: no such file or directory");

        Path badConfig = write("bad.yaml", "spool: {dri: x}", "destinations:", "  w: {type: duckdb}");
        assertThat(Replay.run(new String[] {"--config", badConfig.toString(), good.toString()}, o, e)).isEqualTo(2);
        assertThat(err()).contains("spool.dri");

        Path spoolIsAFile = write("spool-file", "x");
        Path config2 = write("c2.yaml", "spool: {dir: " + spoolIsAFile + "}", "destinations:", "  w: {type: duckdb}");
        assertThat(Replay.run(new String[] {"--config", config2.toString(), good.toString()}, o, e)).isEqualTo(2);
        assertThat(err()).contains("must be a directory");

        assertThat(spoolFiles()).isEmpty();
        assertThat(work.resolve("state")).doesNotExist();
        assertThat(out()).isEmpty();
    }

    @Test
    void theLauncherDispatchesReplayWithoutStartingFlink() throws Exception {
        Path in = write("l.log", failed("{\"eventn_ctx_event_id\":\"l1\"}", "l1"));

        assertThat(Launcher.run(new String[] {"replay", "--config", config.toString(), in.toString()})).isZero();
        assertThat(Launcher.run(new String[] {"replay"})).isEqualTo(2);

        assertThat(spoolLines()).containsExactly("{\"eventn_ctx_event_id\":\"l1\"}");
        assertThat(work.resolve("state")).doesNotExist();
    }
}
