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

    public SpoolLine() {}

    public SpoolLine(String path, long line, String text) {
        this.path = path;
        this.line = line;
        this.text = text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpoolLine && line == ((SpoolLine) o).line
                && Objects.equals(path, ((SpoolLine) o).path) && Objects.equals(text, ((SpoolLine) o).text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, line, text);
    }

    @Override
    public String toString() {
        return path + ":" + line + ": " + text;
    }
}
