package io.luden.stream.config;

import io.luden.stream.functions.mapping.Mappings;
import io.luden.stream.sinks.Warehouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** A destination's {@code data_layout:}: how events become tables. */
public final class DataLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Unset or empty → {@code events} (SPEC §5). */
    private final String tableNameTemplate;
    /** Empty: idempotence through the job's unique key on {@code eventn_ctx_event_id}. */
    private final List<String> primaryKeyFields;
    /**
     * JavaScript transform (SPEC §7), the body of a function of {@code $}; null when none: absent,
     * blank, Jitsu's no-op {@code return $}, or {@code transform_enabled: false}.
     */
    private final String transform;
    /** Time limit of the transform for one event. */
    private final Duration transformTimeout;
    /**
     * Mapping rules (SPEC §7), from {@code mappings} or Jitsu's legacy {@code mapping} list; null when
     * none or without fields. Never together with a transform.
     */
    private final Mappings mappings;
    /**
     * {@code max_columns}: the most columns a table may get; a row that would take a table past it
     * fails (DATA) and nothing is created or altered. At least 1.
     */
    private final int maxColumns;

    public static final Duration DEFAULT_TRANSFORM_TIMEOUT = Duration.ofSeconds(1);
    /** Jitsu 1.x's warning threshold, here enforced. */
    public static final int DEFAULT_MAX_COLUMNS = Warehouse.DEFAULT_MAX_COLUMNS;

    public DataLayout(String tableNameTemplate, List<String> primaryKeyFields) {
        this(tableNameTemplate, primaryKeyFields, null, null, null);
    }

    public DataLayout(String tableNameTemplate, List<String> primaryKeyFields, String transform,
                      Duration transformTimeout, Mappings mappings) {
        this(tableNameTemplate, primaryKeyFields, transform, transformTimeout, mappings, DEFAULT_MAX_COLUMNS);
    }

    /** @throws IllegalArgumentException when {@code maxColumns} is below 1 */
    public DataLayout(String tableNameTemplate, List<String> primaryKeyFields, String transform,
                      Duration transformTimeout, Mappings mappings, int maxColumns) {
        if (maxColumns < 1) {
            throw new IllegalArgumentException("max_columns must be at least 1, got " + maxColumns);
        }
        this.maxColumns = maxColumns;
        this.tableNameTemplate = tableNameTemplate == null || tableNameTemplate.isEmpty() ? "events" : tableNameTemplate;
        this.primaryKeyFields = primaryKeyFields == null ? List.of() : List.copyOf(primaryKeyFields);
        this.transform = transform;
        this.transformTimeout = transformTimeout == null ? DEFAULT_TRANSFORM_TIMEOUT : transformTimeout;
        this.mappings = mappings;
    }

    public static DataLayout defaults() {
        return new DataLayout(null, null);
    }

    public String tableNameTemplate() { return tableNameTemplate; }
    public List<String> primaryKeyFields() { return primaryKeyFields; }
    public String transform() { return transform; }
    public Duration transformTimeout() { return transformTimeout; }
    public Mappings mappings() { return mappings; }
    public int maxColumns() { return maxColumns; }
}
