package io.luden.stream.functions.spool;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

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

    private static void walk(FileSystem fs, Path dir, Listing listing) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
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

    private static FileSourceSplit split(FileStatus file) {
        return new FileSourceSplit(file.getPath().toString(), file.getPath(), 0, file.getLen(),
                file.getModificationTime(), file.getLen());
    }
}
