package io.luden.stream.functions.spool;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolFormatTest {

    @TempDir java.nio.file.Path dir;

    private final SpoolFormat format = new SpoolFormat();
    private final Configuration config = new Configuration();

    /** A record as read, with the position a checkpoint taken right after it would store. */
    private record Read(SpoolLine line, CheckpointedPosition position) {}

    @Test
    void readsLinesWithTheirNumbersAndPath() throws IOException {
        FileSourceSplit split = write("a.log", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}");
        String path = split.path().toString();

        assertThat(lines(readAll(format.createReader(config, split)))).containsExactly(
                new SpoolLine(path, 1, "{\"a\":1}"), new SpoolLine(path, 2, "{\"a\":2}"), new SpoolLine(path, 3, "{\"a\":3}"));
    }

    @Test
    void lineEndsAreLfCrLfOrCrWhereverTheReadsOfTheFileSplitThem() throws IOException {
        // a CR LF whose CR is the last byte of the first 64 KiB read and whose LF is the first of the next
        String first = "{\"a\":\"" + "x".repeat(64 * 1024 - 9) + "\"}";
        assertThat(first.length() + 1).isEqualTo(64 * 1024);
        FileSourceSplit split = write("ends.log", first + "\r\n{\"a\":2}\r{\"a\":3}\n{\"a\":4}\r\n{\"a\":5}");
        String path = split.path().toString();

        assertThat(lines(readAll(format.createReader(config, split)))).containsExactly(
                new SpoolLine(path, 1, first), new SpoolLine(path, 2, "{\"a\":2}"), new SpoolLine(path, 3, "{\"a\":3}"),
                new SpoolLine(path, 4, "{\"a\":4}"), new SpoolLine(path, 5, "{\"a\":5}"));
    }

    @Test
    void skipsBlankLinesButCountsThem() throws IOException {
        FileSourceSplit split = write("blank.log", "\n{\"a\":1}\n\n   \n{\"a\":2}\r\n\n");
        String path = split.path().toString();

        assertThat(lines(readAll(format.createReader(config, split)))).containsExactly(
                new SpoolLine(path, 2, "{\"a\":1}"), new SpoolLine(path, 5, "{\"a\":2}"));
    }

    @Test
    void dropsAByteOrderMark() throws IOException {
        FileSourceSplit split = write("bom.log", "\uFEFF{\"a\":1}\n{\"a\":2}\n");

        assertThat(lines(readAll(format.createReader(config, split)))).extracting(l -> l.text)
                .containsExactly("{\"a\":1}", "{\"a\":2}");
    }

    @Test
    void marksALineThatIsNotValidUtf8AndReadsOnWithTheNextLine() throws IOException {
        java.nio.file.Path file = dir.resolve("bad-utf8.log");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("{\"s\":\"ab".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xFF, 'c', '"', '}', '\r', '\n'});
        bytes.writeBytes("{\"s\":\"\u00e9\uD83C\uDF89\"}\r".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF, '\n'}); // an overlong '/'
        bytes.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}); // a surrogate, UTF-8 encoded
        bytes.writeBytes(new byte[] {'{', (byte) 0xE2, (byte) 0x82}); // truncated at the end of the file
        Files.write(file, bytes.toByteArray());
        FileSourceSplit split = split(file);

        List<SpoolLine> read = lines(readAll(format.createReader(config, split)));

        assertThat(read).extracting(l -> l.line).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(read.get(0).text).isEqualTo("{\"s\":\"ab\uFFFDc\"}");
        assertThat(read.get(0).error).isEqualTo(
                "invalid UTF-8: byte 0xFF at byte offset 8 of the line (shown as U+FFFD in malformed_event)");
        assertThat(read.get(1).text).isEqualTo("{\"s\":\"\u00e9\uD83C\uDF89\"}");
        assertThat(read.get(1).error).isNull();
        assertThat(read.get(2).error).startsWith("invalid UTF-8: byte 0xC0 at byte offset 0 ");
        assertThat(read.get(3).error).startsWith("invalid UTF-8: bytes 0xED 0xA0 0x80 at byte offset 0 ");
        assertThat(read.get(4).error).startsWith("invalid UTF-8: bytes 0xE2 0x82 at byte offset 1 ");
    }

    @Test
    void readsGzipDecompressed() throws IOException {
        java.nio.file.Path file = dir.resolve("incoming.tok=abc-2024-01-02T03-04-05.678.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"a\":1}\n\n{\"é\":\"ü\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        FileSourceSplit split = split(file);
        String path = split.path().toString();

        assertThat(lines(readAll(format.createReader(config, split)))).containsExactly(
                new SpoolLine(path, 1, "{\"a\":1}"), new SpoolLine(path, 3, "{\"é\":\"ü\"}"));
    }

    @Test
    void emitsVeryLongLinesWhole() throws IOException {
        String longLine = "{\"x\":\"" + "y".repeat(3_000_000) + "\"}";
        FileSourceSplit split = write("long.log", "{}\n" + longLine + "\n{}\n");

        List<SpoolLine> read = lines(readAll(format.createReader(config, split)));

        assertThat(read).extracting(l -> l.line).containsExactly(1L, 2L, 3L);
        assertThat(read.get(1).text).isEqualTo(longLine);
    }

    @Test
    void positionOfEachRecordIsTheLinesConsumed() throws IOException {
        FileSourceSplit split = write("pos.log", "{}\n\n{}\n");

        assertThat(readAll(format.createReader(config, split))).extracting(Read::position).containsExactly(
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1),
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 3));
    }

    @Test
    void restoreResumesExactlyAfterTheLastEmittedLine() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 2500; i++) {
            text.append(i % 7 == 0 ? "" : "{\"n\":" + i + "}").append('\n');
        }
        FileSourceSplit split = write("big.log", text.toString());
        List<Read> all = readAll(format.createReader(config, split));
        assertThat(all).hasSize(2500 - 2500 / 7);

        for (int cut : new int[] {0, 1, 5, 1023, 1024, 1500, all.size() - 1}) {
            FileSourceSplit restored = split.updateWithCheckpointedPosition(all.get(cut).position());
            List<Read> rest = readAll(format.restoreReader(config, restored));
            assertThat(lines(rest)).as("after record %d", cut).isEqualTo(lines(all.subList(cut + 1, all.size())));
        }
    }

    @Test
    void restoreOfGzipResumesExactlyAfterTheLastEmittedLine() throws IOException {
        java.nio.file.Path file = dir.resolve("r.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n".getBytes(StandardCharsets.UTF_8));
        }
        FileSourceSplit split = split(file);
        List<Read> all = readAll(format.createReader(config, split));

        List<Read> rest = readAll(format.restoreReader(config, split.updateWithCheckpointedPosition(all.get(1).position())));

        assertThat(lines(rest)).containsExactly(new SpoolLine(split.path().toString(), 4, "{\"a\":3}"));
    }

    @Test
    void restoreAtTheEndReadsNothing() throws IOException {
        FileSourceSplit split = write("end.log", "{}\n{}\n\n");

        List<Read> rest = readAll(format.restoreReader(config,
                split.updateWithCheckpointedPosition(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 2))));

        assertThat(rest).isEmpty();
    }

    @Test
    void refusesByteOffsetPositions() throws IOException {
        FileSourceSplit split = write("off.log", "{}\n");

        assertThatThrownBy(() -> format.restoreReader(config, split.updateWithCheckpointedPosition(new CheckpointedPosition(10, 0))))
                .isInstanceOf(IOException.class).hasMessageContaining("off.log");
    }

    @Test
    void isNotSplittable() {
        assertThat(format.isSplittable()).isFalse();
    }

    private FileSourceSplit write(String name, String text) throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return split(file);
    }

    private static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("1", new Path(file.toUri()), 0, size, 0, size);
    }

    private static List<Read> readAll(BulkFormat.Reader<SpoolLine> reader) throws IOException {
        List<Read> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<SpoolLine> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<SpoolLine> r;
                while ((r = batch.next()) != null) {
                    out.add(new Read(r.getRecord(), new CheckpointedPosition(r.getOffset(), r.getRecordSkipCount())));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }

    private static List<SpoolLine> lines(List<Read> reads) {
        return reads.stream().map(Read::line).toList();
    }
}
