package io.luden.stream.functions.spool;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * What happens to a spool file once every event in it is covered by a completed checkpoint
 * ({@code spool.after_read}): moved to a done folder (the default, as Jitsu's uploader moved
 * processed logs), deleted, or kept.
 *
 * <p>A moved file keeps its path below the spool ({@code incoming/a/x.log → done/a/x.log}) and its
 * name, so its token ({@code tok=<id>}) and compression stay as they were and moving it back
 * re-reads it. A name already taken in the done folder is never overwritten: the file goes to
 * {@code done/dup-<n>/…} instead.
 */
public abstract class SpoolDone implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Moves read files from below {@code spoolDir} to the same place below {@code doneDir}. */
    public static SpoolDone moveTo(Path spoolDir, Path doneDir) {
        return new Move(checkNotNull(spoolDir, "spoolDir"), checkNotNull(doneDir, "doneDir"));
    }

    /** Deletes read files. */
    public static SpoolDone delete() {
        return new Delete();
    }

    /** Leaves read files where they are (their paths stay in the source's state while they are there). */
    public static SpoolDone keep() {
        return new Keep();
    }

    /** Takes {@code file} out of the spool; returns where it went, or null when deleted or kept. */
    abstract Path apply(Path file) throws IOException;

    /** False for {@link #keep()}: nothing to do, nothing to track. */
    boolean removesFiles() {
        return true;
    }

    private static final class Move extends SpoolDone {
        private static final long serialVersionUID = 1L;
        private final Path spoolDir;
        private final Path doneDir;

        Move(Path spoolDir, Path doneDir) {
            this.spoolDir = spoolDir;
            this.doneDir = doneDir;
        }

        @Override
        Path apply(Path file) throws IOException {
            FileSystem fs = file.getFileSystem();
            String relative = relativeName(fs, file);
            Path target = new Path(doneDir.makeQualified(fs), relative);
            for (int n = 1; fs.exists(target); n++) {
                target = new Path(new Path(doneDir.makeQualified(fs), "dup-" + n), relative);
            }
            fs.mkdirs(target.getParent());
            if (!fs.rename(file, target)) {
                throw new IOException("could not move " + file + " to " + target);
            }
            return target;
        }

        /** The file's path below the spool directory, or its bare name if it is not below it. */
        private String relativeName(FileSystem fs, Path file) {
            URI root = spoolDir.makeQualified(fs).toUri();
            String rootPath = root.getPath().endsWith("/") ? root.getPath() : root.getPath() + "/";
            String filePath = file.toUri().getPath();
            return filePath.startsWith(rootPath) ? filePath.substring(rootPath.length()) : file.getName();
        }

        @Override
        public String toString() {
            return "move to " + doneDir;
        }
    }

    private static final class Delete extends SpoolDone {
        private static final long serialVersionUID = 1L;

        @Override
        Path apply(Path file) throws IOException {
            if (!file.getFileSystem().delete(file, false) && file.getFileSystem().exists(file)) {
                throw new IOException("could not delete " + file);
            }
            return null;
        }

        @Override
        public String toString() {
            return "delete";
        }
    }

    private static final class Keep extends SpoolDone {
        private static final long serialVersionUID = 1L;

        @Override
        Path apply(Path file) {
            return null;
        }

        @Override
        boolean removesFiles() {
            return false;
        }

        @Override
        public String toString() {
            return "keep";
        }
    }
}
