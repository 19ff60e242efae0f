package io.luden.stream.functions.spool;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

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

    /** Listing attempts of a directory on a non-local file system that fails with FileNotFoundException. */
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
     * Flink's local file system lists the names, then reads each one's status, and a file renamed or
     * moved in between (a writer renaming its hidden file into place, a read file moved to the done
     * folder) fails the whole listing with FileNotFoundException: so locally each name's status is
     * read here and a name gone meanwhile is skipped. Other file systems list in one call; a listing
     * that fails that way is taken again. Null when the directory itself is gone.
     */
    private static FileStatus[] listStatus(FileSystem fs, Path dir) throws IOException {
        if (fs instanceof LocalFileSystem local) {
            String[] names = local.pathToFile(dir).list();
            if (names == null) {
                return null;
            }
            List<FileStatus> statuses = new ArrayList<>(names.length);
            for (String name : names) {
                try {
                    statuses.add(fs.getFileStatus(new Path(dir, name)));
                } catch (FileNotFoundException gone) {
                    // renamed or moved since the directory was read: it is listed under its new name, if any
                }
            }
            return statuses.toArray(new FileStatus[0]);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return fs.listStatus(dir);
            } catch (FileNotFoundException e) {
                if (!fs.exists(dir)) {
                    return null;
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
