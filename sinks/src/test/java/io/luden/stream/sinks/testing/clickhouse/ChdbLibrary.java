package io.luden.stream.sinks.testing.clickhouse;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Finds the ClickHouse engine (chDB's {@code libchdb.so}) for tests, downloading the pinned npm package
 * once into {@code ~/.cache/luden/chdb/<version>/} and checking its SHA-256, so a fresh machine needs
 * nothing installed by hand. {@code -Dluden.chdb.lib=/path/libchdb.so} (or {@code LUDEN_CHDB_LIB}) uses
 * a library already there.
 */
public final class ChdbLibrary {
    /** The npm package version: 26.7 is ClickHouse 26.7 (the {@code latest} tag points to an older one). */
    public static final String VERSION = "26.7.3-stable.1";
    static final String URL = "https://registry.npmjs.org/@chdb/lib-linux-x64-gnu/-/lib-linux-x64-gnu-" + VERSION + ".tgz";
    /** SHA-256 of that tarball. */
    static final String TARBALL_SHA256 = "c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad";
    private static final String LIBRARY_ENTRY = "package/libchdb.so";

    private ChdbLibrary() {}

    /** The path of {@code libchdb.so}, fetched first when it is not in the cache. */
    public static synchronized Path locate() {
        String given = System.getProperty("luden.chdb.lib", System.getenv("LUDEN_CHDB_LIB"));
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path dir = Path.of(System.getProperty("user.home"), ".cache", "luden", "chdb", VERSION);
        Path lib = dir.resolve("libchdb.so");
        if (Files.isRegularFile(lib)) {
            return lib;
        }
        try {
            Files.createDirectories(dir);
            Path tarball = Files.createTempFile(dir, "chdb", ".tgz");
            try {
                download(tarball);
                extract(tarball, lib);
            } finally {
                Files.deleteIfExists(tarball);
            }
            return lib;
        } catch (IOException e) {
            throw new UncheckedIOException("fetching the ClickHouse engine " + URL + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted fetching " + URL, e);
        }
    }

    private static void download(Path to) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(URL))
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + URL);
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(response.body(), sha)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(TARBALL_SHA256)) {
            throw new IOException("checksum of " + URL + " is " + got + ", expected " + TARBALL_SHA256);
        }
    }

    private static void extract(Path tarball, Path lib) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().equals(LIBRARY_ENTRY)) {
                    Path part = Files.createTempFile(lib.getParent(), "libchdb", ".part");
                    Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                    // another JVM may have finished first: the rename is atomic either way
                    Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException(URL + " has no " + LIBRARY_ENTRY);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
