package io.luden.stream.functions.spool;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a spool file as UTF-8 lines, one {@link SpoolLine} per non-blank line with its real 1-based
 * line number (blank lines are counted but not emitted: SPEC §2 ignores them, and event ids are
 * derived from path + line, so the numbers must stay true).
 *
 * <p>A BulkFormat rather than a StreamFormat because each record needs the file's path. Files are
 * never split, and {@code .gz} (any suffix Flink's {@link StandardDeCompressors} knows) is read
 * decompressed.
 *
 * <p>Checkpointed position: {@code (NO_OFFSET, lines consumed)}. A restore re-reads the file from
 * the start and skips that many lines, so it continues exactly after the last emitted line. Byte
 * offsets would save the re-scan for plain files, but line counting works the same for compressed
 * ones and a spool file is read once.
 *
 * <p>Lines have no length limit: an event is emitted whole or not at all. Line ends are
 * {@code \n}, {@code \r\n} or {@code \r}; a UTF-8 byte order mark is dropped. Each line is decoded on
 * its own: a line that is not valid UTF-8 (a stray byte, an overlong form, an encoded surrogate, a
 * truncated sequence) is emitted with {@link SpoolLine#error} naming the first bad byte and its text
 * decoded with U+FFFD in place of the bad bytes, so the parse step sends it to {@code failed} as
 * malformed — never loaded with its bytes silently replaced, and never failing the whole file.
 */
public class SpoolFormat implements BulkFormat<SpoolLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** A batch handed from the fetcher thread to the task ends after this many lines or characters. */
    static final int LINES_PER_BATCH = 1024;
    static final int CHARS_PER_BATCH = 4 << 20;

    @Override
    public Reader<SpoolLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split.path(), 0);
    }

    @Override
    public Reader<SpoolLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        CheckpointedPosition position = split.getReaderPosition().orElse(null);
        if (position == null) {
            return createReader(config, split);
        }
        if (position.getOffset() != CheckpointedPosition.NO_OFFSET) {
            throw new IOException("SpoolFormat positions are line counts, but the checkpoint of "
                    + split.path() + " holds a byte offset: " + position);
        }
        return new LineReader(split.path(), position.getRecordsAfterOffset());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SpoolLine> getProducedType() {
        return TypeInformation.of(SpoolLine.class);
    }

    /** Opens the file, decompressing by suffix. */
    static InputStream open(Path file) throws IOException {
        InputStream in = file.getFileSystem().open(file);
        InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(file.getPath());
        try {
            return inflater == null ? in : inflater.create(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static final class LineReader implements BulkFormat.Reader<SpoolLine> {
        private final String path;
        private final InputStream in;
        /** Bytes read from the file and not consumed yet: {@code chunk[pos..limit)}. */
        private final byte[] chunk = new byte[64 * 1024];
        private int pos;
        private int limit;
        /** The current line's bytes: {@code line[0..lineLength)}. */
        private byte[] line = new byte[1024];
        private int lineLength;
        private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        /** Lines consumed so far, which is also the number of the last line read. */
        private long lineNumber;

        LineReader(Path file, long linesToSkip) throws IOException {
            this.path = file.toString();
            this.in = open(file);
            try {
                while (lineNumber < linesToSkip && readLine()) {
                    lineNumber++;
                }
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        /**
         * Reads the bytes of the next line (without its end: LF, CR LF or CR) into {@link #line}; false at
         * the end of the file. Scans whole chunks rather than reading byte by byte.
         */
        private boolean readLine() throws IOException {
            lineLength = 0;
            if (!fill()) {
                return false;
            }
            while (true) {
                int start = pos;
                while (pos < limit && chunk[pos] != '\n' && chunk[pos] != '\r') {
                    pos++;
                }
                append(start, pos - start);
                if (pos < limit) {
                    byte end = chunk[pos++];
                    if (end == '\r' && fill() && chunk[pos] == '\n') {
                        pos++;
                    }
                    return true;
                }
                if (!fill()) {
                    return true; // the last line, without an end
                }
            }
        }

        /** Makes sure {@link #chunk} has a byte to read; false at the end of the file. */
        private boolean fill() throws IOException {
            while (pos == limit) {
                int n = in.read(chunk, 0, chunk.length);
                if (n < 0) {
                    return false;
                }
                pos = 0;
                limit = n;
            }
            return true;
        }

        private void append(int from, int length) {
            if (lineLength + length > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
            }
            System.arraycopy(chunk, from, line, lineLength, length);
            lineLength += length;
        }

        /** The line in {@link #line} as a SpoolLine; invalid UTF-8 is named in {@link SpoolLine#error}. */
        private SpoolLine decode() {
            byte[] bytes = Arrays.copyOf(line, lineLength);
            ByteBuffer input = ByteBuffer.wrap(bytes);
            CharBuffer output = CharBuffer.allocate(bytes.length);
            strict.reset();
            CoderResult result = strict.decode(input, output, true);
            if (!result.isError()) {
                result = strict.flush(output);
            }
            String error = null;
            String text;
            if (result.isError()) {
                int at = input.position();
                StringBuilder bad = new StringBuilder();
                for (int i = at; i < Math.min(bytes.length, at + result.length()); i++) {
                    bad.append(bad.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
                }
                error = "invalid UTF-8: " + (result.length() == 1 ? "byte " : "bytes ") + bad + " at byte offset " + at + " of the line"
                        + " (shown as U+FFFD in malformed_event)";
                text = new String(bytes, StandardCharsets.UTF_8); // the lenient decoder: U+FFFD for bad bytes
            } else {
                output.flip();
                text = output.toString();
            }
            if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1); // a UTF-8 byte order mark is not part of the event
            }
            return new SpoolLine(path, lineNumber, text, error);
        }

        @Nullable
        @Override
        public RecordIterator<SpoolLine> readBatch() throws IOException {
            List<SpoolLine> batch = new ArrayList<>();
            long chars = 0;
            while (batch.size() < LINES_PER_BATCH && chars < CHARS_PER_BATCH && readLine()) {
                lineNumber++;
                SpoolLine line = decode();
                if (!line.text.isBlank() || line.error != null) {
                    batch.add(line);
                    chars += line.text.length();
                }
            }
            // empty only at the end of the file: blank lines do not count towards the batch size
            return batch.isEmpty() ? null : new LinesIterator(batch.iterator());
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Each record's position is "resume after this line", i.e. skip {@code line} lines. */
    private static final class LinesIterator implements RecordIterator<SpoolLine> {
        private final Iterator<SpoolLine> lines;
        private final MutableRecordAndPosition<SpoolLine> current = new MutableRecordAndPosition<>();

        LinesIterator(Iterator<SpoolLine> lines) {
            this.lines = lines;
        }

        @Nullable
        @Override
        public RecordAndPosition<SpoolLine> next() {
            if (!lines.hasNext()) {
                return null;
            }
            SpoolLine line = lines.next();
            current.set(line, CheckpointedPosition.NO_OFFSET, line.line);
            return current;
        }

        @Override
        public void releaseBatch() {}
    }
}
