package io.luden.stream.functions.spool;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Lists the complete spool files ({@link SpoolFiles}) under a directory, recursively, one split per
 * file, and the names it leaves out. The spool directory itself is always walked (even if its own
 * name starts with {@code _}), and a split's id is the file's path, so a split handed out after a
 * restore can never collide with a restored one the readers still hold (Flink's enumerators number
 * splits from 1 in every new enumerator).
 */
final class SpoolFileEnumerator implements FileEnumerator {

    /** One listing: the files to read, and the files and directories not read because of their names. */
    record Listing(List<FileSourceSplit> splits, List<Path> notRead) {}

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] roots, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path root : roots) {
            splits.addAll(list(root).splits());
        }
        return splits;
    }

    Listing list(Path root) throws IOException {
        FileSystem fs = root.getFileSystem();
        Listing listing = new Listing(new ArrayList<>(), new ArrayList<>());
        FileStatus status = fs.getFileStatus(root);
        if (status.isDir()) {
            walk(fs, root, listing);
        } else {
            listing.splits().add(split(status));
        }
        return listing;
    }

    /** Listing attempts of one directory whose files keep being renamed or moved while it is listed. */
    static final int LIST_ATTEMPTS = 20;

    private static void walk(FileSystem fs, Path dir, Listing listing) throws IOException {
        FileStatus[] children = listStatus(fs, dir);
        if (children == null) {
            return; // gone since it was listed
        }
        for (FileStatus child : children) {
            if (!SpoolFiles.isComplete(child.getPath().getName())) {
                listing.notRead().add(child.getPath());
            } else if (child.isDir()) {
                walk(fs, child.getPath(), listing);
            } else {
                listing.splits().add(split(child));
            }
        }
    }

    /**
     * A file system lists names, then reads each one's status: a file renamed or moved in between
     * (a writer renaming its hidden file into place, a read file moved to the done folder) fails the
     * whole listing with FileNotFoundException. Such a listing is simply taken again.
     */
    private static FileStatus[] listStatus(FileSystem fs, Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return fs.listStatus(dir);
            } catch (FileNotFoundException e) {
                if (!fs.exists(dir)) {
                    return null; // the directory itself went away: nothing to read in it
                }
                if (attempt >= LIST_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static FileSourceSplit split(FileStatus file) {
        return new FileSourceSplit(file.getPath().toString(), file.getPath(), 0, file.getLen(),
                file.getModificationTime(), file.getLen());
    }
}
