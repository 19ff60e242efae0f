package io.luden.stream.functions.spool;

import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolFilesTest {

    private final SpoolFiles filter = new SpoolFiles();

    @ParameterizedTest
    @ValueSource(strings = {
        "events.log", "events.log.gz", "a.json", "batch-0001", "x.tok=abc.log",
        "incoming.tok=abc-2024-01-02T03-04-05.678.log",
        "incoming.tok=abc-2024-01-02T03-04-05.678.log.gz",
        "incoming.tok=my-token-2024-01-02T03-04-05.678.log",
        "incoming.tok=abc.log.gz", "incoming.tok=abc.log.1"})
    void readsCompleteFiles(String name) {
        assertThat(filter.test(new Path("/spool/" + name))).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ".events.log.tmp", ".hidden", "_events.log", "_tmp", "_SUCCESS",
        "incoming.tok=abc.log", "incoming.tok=my-token.log", "incoming.tok=js.abc.def.log"})
    void skipsFilesStillBeingWritten(String name) {
        assertThat(filter.test(new Path("/spool/sub/" + name))).as(name).isFalse();
    }

    @Test
    void skipsHiddenAndUnderscoreDirectories() {
        assertThat(filter.test(new Path("/spool/_staging"))).isFalse();
        assertThat(filter.test(new Path("/spool/.git"))).isFalse();
        assertThat(filter.test(new Path("/spool/2024-01-02"))).isTrue();
    }

    @Test
    void tokenFromRotatedIncomingLog() {
        assertThat(SpoolFiles.tokenFromFileName("file:/data/incoming.tok=abc-2024-01-02T03-04-05.678.log")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("incoming.tok=abc-2024-01-02T03-04-05.678.log.gz")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("incoming.tok=my-token-2024-01-02T03-04-05.678.log")).isEqualTo("my-token");
    }

    @Test
    void tokenFromOtherNames() {
        assertThat(SpoolFiles.tokenFromFileName("/spool/x.tok=abc.log")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("/spool/incoming.tok=abc.log")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("/spool/tok=abc")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("/spool/x.tok=abc.json.gz")).isEqualTo("abc");
        assertThat(SpoolFiles.tokenFromFileName("/spool/x.tok=js.abc.log")).isEqualTo("js.abc");
        assertThat(SpoolFiles.tokenFromFileName("s3://bucket/dir.tok=zzz/events.log")).isNull();
    }

    @Test
    void noTokenWithoutTokPart() {
        assertThat(SpoolFiles.tokenFromFileName("/spool/events.log")).isNull();
        assertThat(SpoolFiles.tokenFromFileName("/spool/mytok=abc.log")).isNull();
        assertThat(SpoolFiles.tokenFromFileName(null)).isNull();
        assertThat(SpoolFiles.tokenFromFileName("/spool/x.tok=.log")).isNull();
    }
}
