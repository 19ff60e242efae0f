package io.luden.stream.functions.spool;

import java.util.Objects;

/**
 * One line of a spool file, as the source emits it: the file it came from, its 1-based line
 * number (blank lines count), and its text. A Flink POJO.
 */
public class SpoolLine {
    /** The file's path as the source saw it (a URI-style string, e.g. {@code file:/data/incoming/a.log}). */
    public String path;
    /** 1-based number of the line in its file. */
    public long line;
    public String text;
    /**
     * Why the line cannot be an event although its text may parse (invalid UTF-8: {@link #text} then
     * holds U+FFFD for the bad bytes), or null.
     */
    public String error;

    public SpoolLine() {}

    public SpoolLine(String path, long line, String text) {
        this(path, line, text, null);
    }

    public SpoolLine(String path, long line, String text, String error) {
        this.path = path;
        this.line = line;
        this.text = text;
        this.error = error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpoolLine && line == ((SpoolLine) o).line
                && Objects.equals(path, ((SpoolLine) o).path) && Objects.equals(text, ((SpoolLine) o).text)
                && Objects.equals(error, ((SpoolLine) o).error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, line, text, error);
    }

    @Override
    public String toString() {
        return path + ":" + line + ": " + (error == null ? "" : "(" + error + ") ") + text;
    }
}
