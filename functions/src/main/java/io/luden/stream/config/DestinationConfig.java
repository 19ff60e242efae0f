package io.luden.stream.config;

import io.luden.stream.functions.enrich.EnrichmentRule;
import io.luden.stream.sinks.ConnectionSettings;

import java.io.Serializable;
import java.util.List;

/** One entry of {@code destinations:}. */
public final class DestinationConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String type;
    /** Null: every token (SPEC §3). Entries may be token ids or secrets. */
    private final List<String> onlyTokens;
    private final ConnectionSettings connection;
    private final DataLayout dataLayout;
    /** Configured lookup-enrichment rules (the two default rules are not listed here). */
    private final List<EnrichmentRule> enrichment;
    /** Micro-batch limits ({@code batch:}, defaults by {@code mode}). */
    private final BatchSettings batch;

    public DestinationConfig(String id, String type, List<String> onlyTokens, ConnectionSettings connection,
                             DataLayout dataLayout) {
        this(id, type, onlyTokens, connection, dataLayout, null);
    }

    public DestinationConfig(String id, String type, List<String> onlyTokens, ConnectionSettings connection,
                             DataLayout dataLayout, List<EnrichmentRule> enrichment) {
        this(id, type, onlyTokens, connection, dataLayout, enrichment, null);
    }

    public DestinationConfig(String id, String type, List<String> onlyTokens, ConnectionSettings connection,
                             DataLayout dataLayout, List<EnrichmentRule> enrichment, BatchSettings batch) {
        this.batch = batch == null ? BatchSettings.STREAM : batch;
        this.enrichment = enrichment == null ? List.of() : List.copyOf(enrichment);
        this.id = id;
        this.type = type;
        this.onlyTokens = onlyTokens == null ? null : List.copyOf(onlyTokens);
        this.connection = connection;
        this.dataLayout = dataLayout == null ? DataLayout.defaults() : dataLayout;
    }

    public String id() { return id; }
    public String type() { return type; }
    public List<String> onlyTokens() { return onlyTokens; }
    public ConnectionSettings connection() { return connection; }
    public DataLayout dataLayout() { return dataLayout; }
    public List<EnrichmentRule> enrichment() { return enrichment; }
    public BatchSettings batch() { return batch; }
}
