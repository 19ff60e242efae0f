package io.luden.stream.functions.spool;

import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Lists the complete spool files ({@link SpoolFiles}) under a directory, recursively, one split per
 * file. Differs from its parent in two ways: the spool directory itself is always walked (even if
 * its own name starts with {@code _}), and a split's id is the file's path, so a split handed out
 * after a restore can never collide with a restored one the readers still hold (the parent numbers
 * splits from 1 in every new enumerator).
 */
final class SpoolFileEnumerator extends NonSplittingRecursiveEnumerator {

    SpoolFileEnumerator() {
        super(new SpoolFiles());
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] roots, int minDesiredSplits) throws IOException {
        ArrayList<FileSourceSplit> splits = new ArrayList<>();
        for (Path root : roots) {
            FileSystem fs = root.getFileSystem();
            FileStatus status = fs.getFileStatus(root);
            if (status.isDir()) {
                for (FileStatus child : fs.listStatus(root)) {
                    addSplitsForPath(child, fs, splits);
                }
            } else {
                convertToSourceSplits(status, fs, splits);
            }
        }
        return splits;
    }

    @Override
    protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target) {
        target.add(new FileSourceSplit(file.getPath().toString(), file.getPath(), 0, file.getLen(),
                file.getModificationTime(), file.getLen()));
    }
}
