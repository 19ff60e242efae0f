package io.luden.stream.sinks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A flattened, named and typed row for one table: the row header of SPEC §1 step 4.
 * Columns are unique and sorted by name, so DDL and INSERTs have a stable column order.
 */
public final class Row implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final String eventId;
    private final List<Field> fields;
    /** The object the row was flattened from, or null; not part of the row's identity. */
    private final transient com.fasterxml.jackson.databind.node.ObjectNode source;

    public Row(String table, String eventId, List<Field> fields) {
        this(table, eventId, fields, null);
    }

    /**
     * @param source the object this row was flattened from (the event after enrichment, mappings or
     *        transform, with its row id and {@code _timestamp}; not copied, not to be modified), for a
     *        destination that sends the event itself rather than columns (a webhook, JSON files); may be null
     */
    public Row(String table, String eventId, List<Field> fields, com.fasterxml.jackson.databind.node.ObjectNode source) {
        this.table = Objects.requireNonNull(table, "table");
        this.eventId = eventId;
        List<Field> sorted = new ArrayList<>(fields);
        sorted.sort((a, b) -> a.column().compareTo(b.column()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).column().equals(sorted.get(i - 1).column())) {
                throw new IllegalArgumentException("duplicate column " + sorted.get(i).column());
            }
        }
        this.fields = Collections.unmodifiableList(sorted);
        this.source = source;
    }

    /** This row with {@code source} as {@link #source()}. */
    public Row withSource(com.fasterxml.jackson.databind.node.ObjectNode source) {
        return new Row(this, source);
    }

    private Row(Row row, com.fasterxml.jackson.databind.node.ObjectNode source) {
        this.table = row.table;
        this.eventId = row.eventId;
        this.fields = row.fields; // sorted and checked already
        this.source = source;
    }

    /**
     * The object the row was flattened from (see the constructor), or null when the row was made
     * without one (tests, replays of stored rows). Read only.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode source() {
        return source;
    }

    public String table() {
        return table;
    }

    /** The event id ({@code eventn_ctx_event_id}) this row carries; used in error messages. */
    public String eventId() {
        return eventId;
    }

    public List<Field> fields() {
        return fields;
    }

    public Field field(String column) {
        for (Field f : fields) {
            if (f.column().equals(column)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row && table.equals(((Row) o).table)
                && Objects.equals(eventId, ((Row) o).eventId) && fields.equals(((Row) o).fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, eventId, fields);
    }

    @Override
    public String toString() {
        return table + fields;
    }
}
