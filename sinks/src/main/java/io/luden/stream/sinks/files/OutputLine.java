package io.luden.stream.sinks.files;

import java.util.Objects;

/**
 * One line of a {@code failed} or {@code archive} file: the destination it belongs to (null for a
 * malformed spool line, which has none) and the JSON text. A Flink POJO.
 */
public class OutputLine {
    public String destinationId;
    public String json;

    public OutputLine() {}

    public OutputLine(String destinationId, String json) {
        this.destinationId = destinationId;
        this.json = json;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputLine && Objects.equals(destinationId, ((OutputLine) o).destinationId)
                && Objects.equals(json, ((OutputLine) o).json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destinationId, json);
    }

    @Override
    public String toString() {
        return destinationId + ": " + json;
    }
}
