package io.luden.stream.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** spool.discovery_interval, spool.after_read and spool.done_dir: how the spool is listed, where read files go. */
class SpoolConfigTest {
    @TempDir
    Path dir;

    private LudenConfig load(String top) throws Exception {
        Path file = dir.resolve("luden.yaml");
        Files.writeString(file, top + "destinations:\n  wh: {type: duckdb}\n");
        return ConfigLoader.load(file, Map.of(), dir);
    }

    @Test
    void readFilesMoveToDoneBesideFailedAndArchiveByDefault() throws Exception {
        LudenConfig c = load("");
        assertThat(c.spoolAfterRead()).isEqualTo(LudenConfig.AfterRead.MOVE);
        assertThat(c.spoolDoneDir()).isEqualTo(dir.resolve("events/done").toString());

        LudenConfig other = load("log: {path: /var/log/luden}\n");
        assertThat(other.spoolDoneDir()).isEqualTo("/var/log/luden/done");
    }

    @Test
    void theSpoolIsListedEvery200msUnlessConfigured() throws Exception {
        assertThat(load("").spoolDiscoveryInterval()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(load("spool: {discovery_interval: 1s}\n").spoolDiscoveryInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThatThrownBy(() -> load("spool: {discovery_interval: 1ms}\n"))
                .hasMessage("spool.discovery_interval: 1 ms is too short to list the spool (at least 10ms)");
    }

    @Test
    void readsAfterReadAndADoneFolder() throws Exception {
        LudenConfig c = load("spool: {dir: in, after_read: Move, done_dir: processed/luden}\n");
        assertThat(c.spoolAfterRead()).isEqualTo(LudenConfig.AfterRead.MOVE);
        assertThat(c.spoolDoneDir()).isEqualTo(dir.resolve("processed/luden").toString());
        assertThat(load("spool: {after_read: delete}\n").spoolAfterRead()).isEqualTo(LudenConfig.AfterRead.DELETE);
        assertThat(load("spool: {after_read: keep}\n").spoolAfterRead()).isEqualTo(LudenConfig.AfterRead.KEEP);
    }

    @Test
    void aDoneFolderWithoutMovingIsAWarning() throws Exception {
        assertThat(load("spool: {after_read: delete, done_dir: old}\n").warnings())
                .containsExactly("spool.done_dir: ignored: spool.after_read is delete, so read files are not moved.");
    }

    @Test
    void refusesAnUnknownActionAndADoneFolderInsideTheSpool() {
        assertThatThrownBy(() -> load("spool: {after_read: archive}\n"))
                .hasMessage("spool.after_read: 'archive' is not what to do with read spool files (expected move, delete or keep)");
        assertThatThrownBy(() -> load("spool: {dir: in, done_dir: in/done}\n"))
                .hasMessage("spool.done_dir: " + dir.resolve("in/done") + " is inside the spool directory " + dir.resolve("in")
                        + "; read files moved there would be read again: choose a folder outside it");
        assertThatThrownBy(() -> load("spool: {dir: events}\n"))
                .hasMessage("spool.done_dir: the default " + dir.resolve("events/done") + " is inside the spool directory "
                        + dir.resolve("events") + "; read files moved there would be read again: choose a folder outside it"
                        + " (set spool.done_dir)");
        assertThatThrownBy(() -> load("spool: {dir: data/in, done_dir: data}\n"))
                .hasMessageStartingWith("spool.done_dir: " + dir.resolve("data") + " contains the spool directory");
    }
}
