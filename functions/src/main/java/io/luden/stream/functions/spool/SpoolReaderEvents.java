package io.luden.stream.functions.spool;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.core.fs.Path;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a {@link SpoolReader} tells the {@link SpoolSplitEnumerator}, so that read files leave the spool in time, never early. */
final class SpoolReaderEvents {

    private SpoolReaderEvents() {}

    /** Sent once when a reader starts: the files it holds (restored from its state) and will read on. */
    static final class Holding implements SourceEvent {
        private static final long serialVersionUID = 1L;
        private final List<URI> files;

        Holding(Collection<Path> files) {
            this.files = uris(files);
        }

        List<Path> files() {
            return paths(files);
        }
    }

    /**
     * Sent from a reader's snapshot of checkpoint {@code checkpointId}: these files were read to
     * their end before it, so that checkpoint (or any later one) covers every event in them.
     */
    static final class Read implements SourceEvent {
        private static final long serialVersionUID = 1L;
        private final long checkpointId;
        private final List<URI> files;

        Read(long checkpointId, Collection<Path> files) {
            this.checkpointId = checkpointId;
            this.files = uris(files);
        }

        long checkpointId() {
            return checkpointId;
        }

        List<Path> files() {
            return paths(files);
        }
    }

    private static List<URI> uris(Collection<Path> files) {
        List<URI> uris = new ArrayList<>(files.size());
        files.forEach(f -> uris.add(f.toUri()));
        return uris;
    }

    private static List<Path> paths(List<URI> uris) {
        List<Path> paths = new ArrayList<>(uris.size());
        uris.forEach(u -> paths.add(new Path(u)));
        return paths;
    }
}
