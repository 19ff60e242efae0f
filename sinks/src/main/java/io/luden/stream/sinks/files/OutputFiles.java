package io.luden.stream.sinks.files;

import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code failed} and {@code archive} outputs (SPEC §11): a {@link FileSink} per destination and
 * kind, in a folder per destination ({@code <log.path>/failed/dst=<id>/failed.dst=<id>-<uuid>-<n>.log},
 * {@code <log.path>/archive/dst=<id>/streaming-archive.dst=<id>-<uuid>-<n>.log}), files finished on
 * every checkpoint so they are exactly-once. Malformed spool lines, which belong to no destination,
 * go to {@code <log.path>/failed/malformed/failed.malformed-….log}. One sink per destination
 * because FileSink names part files with one fixed prefix per sink.
 */
public final class OutputFiles {
    public static final String FAILED = "failed";
    public static final String ARCHIVE = "archive";
    public static final String MALFORMED = "malformed";

    private OutputFiles() {}

    /** The failed file sink of a destination; {@code destinationId} null for malformed spool lines. */
    public static FileSink<OutputLine> failed(String logPath, String destinationId) {
        return sink(logPath + "/" + FAILED, "failed", destinationId);
    }

    /**
     * The failed lines of destinations the configuration no longer has (events that were queued for
     * them when they were removed): one sink for all of them, each destination's lines in its own
     * {@code dst=<id>} folder, named {@code failed.removed-….log}.
     */
    public static FileSink<OutputLine> failedOfRemovedDestinations(String logPath) {
        return FileSink.forRowFormat(new Path(logPath + "/" + FAILED), new LineEncoder())
                .withBucketAssigner(new DestinationBucketAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("failed.removed").withPartSuffix(".log").build())
                .build();
    }

    /** The archive file sink of a destination. */
    public static FileSink<OutputLine> archive(String logPath, String destinationId) {
        return sink(logPath + "/" + ARCHIVE, "streaming-archive", destinationId);
    }

    /** The folder of a destination under failed/ or archive/: {@code dst=<id>}, or {@code malformed}. */
    public static String folderOf(String destinationId) {
        return destinationId == null ? MALFORMED : "dst=" + destinationId;
    }

    private static FileSink<OutputLine> sink(String basePath, String kind, String destinationId) {
        String folder = folderOf(destinationId);
        return FileSink.forRowFormat(new Path(basePath + "/" + folder), new LineEncoder())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix(kind + "." + folder).withPartSuffix(".log").build())
                .build();
    }

    /** Buckets lines by their destination's folder ({@link #folderOf}). */
    static final class DestinationBucketAssigner implements BucketAssigner<OutputLine, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(OutputLine element, Context context) {
            return folderOf(element.destinationId);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }

    static final class LineEncoder implements Encoder<OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(OutputLine element, OutputStream stream) throws IOException {
            stream.write(element.json.getBytes(StandardCharsets.UTF_8));
            stream.write('\n');
        }
    }
}
