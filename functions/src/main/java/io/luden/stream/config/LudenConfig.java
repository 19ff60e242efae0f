package io.luden.stream.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration (SPEC §12), validated, with every path made absolute. Built by
 * {@link ConfigLoader}; serializable so the Flink functions can carry it.
 */
public final class LudenConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final List<ApiKey> apiKeys;
    private final String spoolDir;
    private final String logPath;
    private final String stateDir;
    private final Duration checkpointInterval;
    private final Map<String, DestinationConfig> destinations;
    private final List<String> warnings;
    /** Absolute path of the MaxMind database ({@code geo.maxmind_path}); null when none. */
    private final String maxmindPath;
    /** {@code state.backend}: {@code hashmap} (heap) or {@code rocksdb} (disk; backlogs beyond memory). */
    private final String stateBackend;
    /** {@code retry}: back-off while a warehouse is unreachable. */
    private final RetryBackoff retry;

    /** {@code spool.after_read}: what happens to a spool file once a completed checkpoint covers its events. */
    public enum AfterRead { MOVE, DELETE, KEEP }

    /** {@code spool.discovery_interval}: how often a continuous job lists the spool. */
    public static final Duration DEFAULT_DISCOVERY_INTERVAL = Duration.ofMillis(100);
    private final Duration spoolDiscoveryInterval;
    private final AfterRead spoolAfterRead;
    /** Absolute path of {@code spool.done_dir}, where {@link AfterRead#MOVE} puts read files. */
    private final String spoolDoneDir;

    public static final String HASHMAP = "hashmap";
    public static final String ROCKSDB = "rocksdb";

    public LudenConfig(List<ApiKey> apiKeys, String spoolDir, String logPath, String stateDir,
                       Duration checkpointInterval, Map<String, DestinationConfig> destinations,
                       List<String> warnings) {
        this(apiKeys, spoolDir, logPath, stateDir, checkpointInterval, destinations, warnings, null);
    }

    public LudenConfig(List<ApiKey> apiKeys, String spoolDir, String logPath, String stateDir,
                       Duration checkpointInterval, Map<String, DestinationConfig> destinations,
                       List<String> warnings, String maxmindPath) {
        this(apiKeys, spoolDir, logPath, stateDir, checkpointInterval, destinations, warnings, maxmindPath,
                HASHMAP, RetryBackoff.DEFAULT, DEFAULT_DISCOVERY_INTERVAL, AfterRead.MOVE, logPath + "/done");
    }

    public LudenConfig(List<ApiKey> apiKeys, String spoolDir, String logPath, String stateDir,
                       Duration checkpointInterval, Map<String, DestinationConfig> destinations,
                       List<String> warnings, String maxmindPath, String stateBackend, RetryBackoff retry,
                       Duration spoolDiscoveryInterval, AfterRead spoolAfterRead, String spoolDoneDir) {
        this.spoolDiscoveryInterval = spoolDiscoveryInterval;
        this.spoolAfterRead = spoolAfterRead;
        this.spoolDoneDir = spoolDoneDir;
        this.maxmindPath = maxmindPath;
        this.stateBackend = stateBackend;
        this.retry = retry;
        this.apiKeys = List.copyOf(apiKeys);
        this.spoolDir = spoolDir;
        this.logPath = logPath;
        this.stateDir = stateDir;
        this.checkpointInterval = checkpointInterval;
        this.destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
        this.warnings = List.copyOf(warnings);
    }

    public List<ApiKey> apiKeys() { return apiKeys; }
    /** Absolute path of the spool directory. */
    public String spoolDir() { return spoolDir; }
    public Duration spoolDiscoveryInterval() { return spoolDiscoveryInterval; }
    public AfterRead spoolAfterRead() { return spoolAfterRead; }
    /** Absolute path of the folder read spool files are moved to ({@code spool.done_dir}). */
    public String spoolDoneDir() { return spoolDoneDir; }
    /** Absolute path under which {@code failed/} and {@code archive/} are written. */
    public String logPath() { return logPath; }
    /** Absolute path of checkpoints and savepoints. */
    public String stateDir() { return stateDir; }
    public Duration checkpointInterval() { return checkpointInterval; }
    /** In the order of the file. */
    public Map<String, DestinationConfig> destinations() { return destinations; }
    /**
     * One sentence each, to print at start-up: accepted Jitsu keys that have no effect here
     * ({@code "<key path>: ignored: <why>"}), {@code mode: batch} loaded as stream, and
     * {@code only_tokens} entries that name no api_keys token.
     */
    public List<String> warnings() { return warnings; }
    public String maxmindPath() { return maxmindPath; }
    public String stateBackend() { return stateBackend; }
    public RetryBackoff retry() { return retry; }
}
