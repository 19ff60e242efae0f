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

    public Row(String table, String eventId, List<Field> fields) {
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
