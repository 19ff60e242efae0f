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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * {@code \n}, {@code \r\n} or {@code \r}; a UTF-8 byte order mark is dropped; malformed UTF-8 becomes
 * U+FFFD (the parse step then reports the line, rather than the whole file failing).
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
        private final BufferedReader lines;
        /** Lines consumed so far, which is also the number of the last line read. */
        private long lineNumber;

        LineReader(Path file, long linesToSkip) throws IOException {
            this.path = file.toString();
            this.lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 64 * 1024);
            try {
                while (lineNumber < linesToSkip && lines.readLine() != null) {
                    lineNumber++;
                }
            } catch (IOException | RuntimeException e) {
                lines.close();
                throw e;
            }
        }

        @Nullable
        @Override
        public RecordIterator<SpoolLine> readBatch() throws IOException {
            List<SpoolLine> batch = new ArrayList<>();
            long chars = 0;
            String text;
            while (batch.size() < LINES_PER_BATCH && chars < CHARS_PER_BATCH && (text = lines.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // a UTF-8 byte order mark is not part of the event
                }
                if (!text.isBlank()) {
                    batch.add(new SpoolLine(path, lineNumber, text));
                    chars += text.length();
                }
            }
            // empty only at the end of the file: blank lines do not count towards the batch size
            return batch.isEmpty() ? null : new LinesIterator(batch.iterator());
        }

        @Override
        public void close() throws IOException {
            lines.close();
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
