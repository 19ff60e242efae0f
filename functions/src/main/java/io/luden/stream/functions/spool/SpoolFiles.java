package io.luden.stream.functions.spool;

import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which spool files are complete and may be read (SPEC §2), as a filter for a FileSource
 * {@code FileEnumerator} (e.g. {@code new NonSplittingRecursiveEnumerator(new SpoolFiles())}).
 *
 * <ul>
 *   <li>A name starting with {@code .} or {@code _} is still being written (writers rename when
 *       done), so it is never read; such directories are not walked.
 *   <li>Jitsu's active log {@code incoming.tok=<tokenId>.log} is still growing, so it is skipped;
 *       its rotated files {@code incoming.tok=<tokenId>-<YYYY-MM-DDTHH-MM-SS.mmm>.log[.gz]} are read.
 *   <li>Everything else (any name, {@code .gz} included) is read; directories are walked.
 * </ul>
 */
public final class SpoolFiles implements Predicate<Path>, Serializable {

    private static final long serialVersionUID = 1L;

    /** lumberjack's rotation suffix, as Jitsu names rotated logs (UTC, milliseconds). */
    private static final String ROTATION_TIME = "-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}";

    private static final Pattern ACTIVE_INCOMING = Pattern.compile("incoming\\.tok=.+\\.log");
    private static final Pattern ROTATED_INCOMING =
            Pattern.compile("incoming\\.tok=.+" + ROTATION_TIME + "\\.log(\\.gz)?");
    /** {@code tok=<id>} at the start of the name or after a dot, then an optional rotation time, extension and .gz. */
    private static final Pattern TOKEN =
            Pattern.compile("(?:^|\\.)tok=([^.].*?)(?:" + ROTATION_TIME + ")?(?:\\.[A-Za-z0-9]+)?(?:\\.gz)?$");

    @Override
    public boolean test(Path path) {
        return isComplete(path.getName());
    }

    /** True if a file (or directory) of this name may be read now. */
    public static boolean isComplete(String fileName) {
        if (fileName == null || fileName.isEmpty()) {
            return true;
        }
        char first = fileName.charAt(0);
        if (first == '.' || first == '_') {
            return false;
        }
        return !isActiveIncomingLog(fileName);
    }

    /** Jitsu's log that is still being appended to: {@code incoming.tok=<id>.log}, not a rotated one. */
    static boolean isActiveIncomingLog(String fileName) {
        return ACTIVE_INCOMING.matcher(fileName).matches() && !ROTATED_INCOMING.matcher(fileName).matches();
    }

    /**
     * The token id a file name carries as {@code tok=<id>} ({@code incoming.tok=abc-2024-01-02T03-04-05.678.log.gz}
     * and {@code x.tok=abc.log} both give {@code abc}), or null. Takes a bare name, a path or a URI.
     */
    @Nullable
    public static String tokenFromFileName(@Nullable String path) {
        if (path == null) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = TOKEN.matcher(name);
        return m.find() ? m.group(1) : null;
    }
}
