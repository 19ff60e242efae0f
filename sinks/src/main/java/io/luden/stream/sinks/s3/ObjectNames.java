package io.luden.stream.sinks.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Object keys in Jitsu's shape, {@code [folder/]<table>-<start>-<end>-<suffix>.log[.gz]} (Parquet: {@code .parquet}): start and end
 * are the earliest and latest {@code _timestamp} of the object's rows ({@code 2006-01-02T15:04:05} and
 * {@code 15:04:05}, UTC). Jitsu's suffix was its server name; here it is a digest of the object's event
 * ids, so the same rows always make the same key (a repeated write overwrites, never adds).
 */
final class ObjectNames {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter END = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** What follows {@code <table>-} in a key this writer made. */
    private static final Pattern AFTER_TABLE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}-\\d{2}:\\d{2}:\\d{2}-[0-9a-f]{16}\\.(log(\\.gz)?|parquet)");
    static final int DIGEST_HEX = 16;

    private final String folderPrefix;
    /** What a key ends with: {@code .log}, {@code .log.gz} or {@code .parquet} (compressed inside). */
    private final String extension;

    ObjectNames(String folder, boolean gzip) {
        this(folder, gzip, false);
    }

    ObjectNames(String folder, boolean gzip, boolean parquet) {
        this.folderPrefix = folder == null ? "" : folder + "/";
        this.extension = parquet ? ".parquet" : gzip ? ".log.gz" : ".log";
    }

    /** The prefix every key of {@code table} starts with, for listing (it also matches longer table names). */
    String prefix(String table) {
        return folderPrefix + table + "-";
    }

    /** Whether {@code key} is one of {@code table}'s objects (and not of a table whose name extends it). */
    boolean isObjectOf(String table, String key) {
        String prefix = prefix(table);
        return key.startsWith(prefix) && AFTER_TABLE.matcher(key.substring(prefix.length())).matches();
    }

    /**
     * The key of an object of {@code table} holding rows with these event ids, in this order.
     *
     * @param start earliest {@code _timestamp} of the rows, or null when none has one (then the epoch)
     * @param end latest one, or null
     */
    String key(String table, Instant start, Instant end, List<String> eventIds) {
        Instant s = start == null ? Instant.EPOCH : start;
        Instant e = end == null ? s : end;
        return prefix(table) + START.format(s) + "-" + END.format(e) + "-" + digest(eventIds) + extension;
    }

    static String digest(List<String> eventIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : eventIds) {
                sha.update(String.valueOf(id).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, DIGEST_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
