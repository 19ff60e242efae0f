package io.luden.stream.config;

import java.io.Serializable;
import java.util.List;

/** A destination's {@code data_layout:}: how events become tables. */
public final class DataLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Unset or empty → {@code events} (SPEC §5). */
    private final String tableNameTemplate;
    /** Empty: idempotence through the job's unique key on {@code eventn_ctx_event_id}. */
    private final List<String> primaryKeyFields;

    public DataLayout(String tableNameTemplate, List<String> primaryKeyFields) {
        this.tableNameTemplate = tableNameTemplate == null || tableNameTemplate.isEmpty() ? "events" : tableNameTemplate;
        this.primaryKeyFields = primaryKeyFields == null ? List.of() : List.copyOf(primaryKeyFields);
    }

    public static DataLayout defaults() {
        return new DataLayout(null, null);
    }

    public String tableNameTemplate() { return tableNameTemplate; }
    public List<String> primaryKeyFields() { return primaryKeyFields; }
}
