package io.luden.stream.functions.mapping;

import java.io.Serializable;
import java.util.List;

/** {@code data_layout.mappings}: the rules, and whether fields no rule moves are kept. */
public final class Mappings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final boolean keepUnmapped;
    private final List<MappingRule> fields;

    public Mappings(boolean keepUnmapped, List<MappingRule> fields) {
        this.keepUnmapped = keepUnmapped;
        this.fields = List.copyOf(fields);
    }

    public boolean keepUnmapped() { return keepUnmapped; }
    public List<MappingRule> fields() { return fields; }
}
