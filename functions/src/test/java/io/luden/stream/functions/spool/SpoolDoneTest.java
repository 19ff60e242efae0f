package io.luden.stream.functions.spool;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolDoneTest {

    @TempDir java.nio.file.Path tmp;

    @Test
    void aMovedFileKeepsItsPathBelowTheSpoolAndItsName() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("incoming/2026-12-01"));
        java.nio.file.Path file = Files.writeString(spool.resolve("incoming.tok=web-1-2026-12-01T10-00-00.000.log.gz"), "x");

        Path target = SpoolDone.moveTo(local(tmp.resolve("incoming")), new Path(tmp.resolve("done").toString())).apply(local(file));

        java.nio.file.Path moved = tmp.resolve("done/2026-12-01/incoming.tok=web-1-2026-12-01T10-00-00.000.log.gz");
        assertThat(moved).hasContent("x");
        assertThat(target).isEqualTo(local(moved));
        assertThat(file).doesNotExist();
        assertThat(SpoolFiles.tokenFromFileName(target.getName())).isEqualTo("web-1");
    }

    @Test
    void aNameAlreadyTakenInTheDoneFolderIsNeverOverwritten() throws Exception {
        java.nio.file.Path spool = Files.createDirectories(tmp.resolve("incoming"));
        Files.createDirectories(tmp.resolve("done/dup-1"));
        Files.writeString(tmp.resolve("done/a.log"), "first");
        Files.writeString(tmp.resolve("done/dup-1/a.log"), "second");
        SpoolDone done = SpoolDone.moveTo(local(spool), local(tmp.resolve("done")));

        done.apply(local(Files.writeString(spool.resolve("a.log"), "third")));

        assertThat(tmp.resolve("done/a.log")).hasContent("first");
        assertThat(tmp.resolve("done/dup-1/a.log")).hasContent("second");
        assertThat(tmp.resolve("done/dup-2/a.log")).hasContent("third");
    }

    @Test
    void deleteRemovesTheFileAndKeepLeavesIt() throws Exception {
        java.nio.file.Path a = Files.writeString(tmp.resolve("a.log"), "a");
        java.nio.file.Path b = Files.writeString(tmp.resolve("b.log"), "b");

        SpoolDone.delete().apply(local(a));
        SpoolDone.keep().apply(local(b));

        assertThat(a).doesNotExist();
        assertThat(b).hasContent("b");
        assertThat(SpoolDone.keep().removesFiles()).isFalse();
    }

    private static Path local(java.nio.file.Path path) {
        return Path.fromLocalFile(path.toFile());
    }
}
