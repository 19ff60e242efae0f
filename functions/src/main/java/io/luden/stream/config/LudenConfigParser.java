package io.luden.stream.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The top level of the file (SPEC §12): api_keys, spool, log, state, geo and destinations. */
final class LudenConfigParser {
    static final String DEFAULT_SPOOL_DIR = "events/incoming";
    static final String DEFAULT_LOG_PATH = "events";
    static final String DEFAULT_STATE_DIR = "state";

    private static final String NOT_A_SERVER = "Luden Stream reads the spool and runs no Jitsu server; ";

    private static final SectionKeys TOP = SectionKeys
            .reads("api_keys", "spool", "log", "state", "retry", "geo", "destinations")
            .ignores("geo_resolvers", NOT_A_SERVER + "geo resolvers came from the configurator; ip_lookup uses"
                    + " the MaxMind database in geo.maxmind_path.")
            .ignores("maxmind", NOT_A_SERVER + "MaxMind databases are not downloaded; geo.maxmind_path names a"
                    + " local .mmdb file.")
            .ignores("server", NOT_A_SERVER + "HTTP settings belong to the collector that writes the spool.")
            .ignores("sources", NOT_A_SERVER + "pulling from sources is not part of stream mode.")
            .ignores("meta", NOT_A_SERVER + "there is no meta storage; state lives in Flink checkpoints.")
            .ignores("coordination", NOT_A_SERVER + "Flink coordinates the job.")
            .ignores("notifications", NOT_A_SERVER + "there are no notifications; watch the Flink web UI.")
            .ignores("ui", NOT_A_SERVER + "there is no configurator UI.")
            .ignores("sql_debug_log", NOT_A_SERVER + "SQL debug log files are not written.")
            .ignores("users_recognition", NOT_A_SERVER + "users recognition is not supported.")
            .ignores("streaming", NOT_A_SERVER + "one Flink subtask loads each destination; use the job parallelism.")
            .ignores("batch_uploader", NOT_A_SERVER + "every destination is loaded in stream mode.")
            .ignores("events", NOT_A_SERVER + "the event queue is Flink keyed state, kept in checkpoints.")
            .ignores("singer-bridge", NOT_A_SERVER + "pulling from sources is not part of stream mode.")
            .ignores("airbyte-bridge", NOT_A_SERVER + "pulling from sources is not part of stream mode.");

    private static final SectionKeys API_KEY = SectionKeys.reads("id", "client_secret", "server_secret", "origins");
    private static final SectionKeys SPOOL = SectionKeys.reads("dir", "discovery_interval", "after_read", "done_dir");
    private static final String ROLL = "failed and archive files roll on checkpoints (state.checkpoint_interval)";
    private static final SectionKeys LOG = SectionKeys.reads("path")
            .ignores("rotation_min", ROLL + ", not every N minutes.")
            .ignores("show_in_server", "failed and archive events are written to files under log.path only.")
            .ignores("async_writers", "Flink's FileSink writes the files; Jitsu's writer settings have no effect.")
            .ignores("pool", "Flink's FileSink writes the files; Jitsu's writer settings have no effect.")
            .ignores("compress_failed", ROLL + " and are not gzipped.")
            .ignores("max_backups", "old failed and archive files are never deleted by Luden Stream.");
    private static final SectionKeys STATE = SectionKeys.reads("dir", "checkpoint_interval", "backend");
    private static final SectionKeys RETRY = SectionKeys.reads("initial_backoff", "max_backoff");
    private static final SectionKeys GEO = SectionKeys.reads("maxmind_path");

    private final Path baseDir;

    LudenConfigParser(Path baseDir) {
        this.baseDir = baseDir;
    }

    LudenConfig parse(YamlNode root) throws ConfigException {
        List<String> warnings = new ArrayList<>();
        TOP.check(root, warnings);

        List<ApiKey> apiKeys = apiKeys(root.get("api_keys"));

        YamlNode spool = root.get("spool");
        SPOOL.check(spool, warnings);
        String spoolDir = spool.get("dir").resolvedPath(baseDir, DEFAULT_SPOOL_DIR);

        YamlNode log = root.get("log");
        LOG.check(log, warnings);
        String logPath = log.get("path").resolvedPath(baseDir, DEFAULT_LOG_PATH);
        Duration discovery = discoveryInterval(spool.get("discovery_interval"));
        LudenConfig.AfterRead afterRead = afterRead(spool.get("after_read"));
        YamlNode doneNode = spool.get("done_dir");
        String doneDir = doneDir(doneNode, spoolDir, Path.of(logPath).resolve("done").toString());
        if (doneNode.isPresent() && afterRead != LudenConfig.AfterRead.MOVE) {
            warnings.add("spool.done_dir: ignored: spool.after_read is " + afterRead.name().toLowerCase(java.util.Locale.ROOT)
                    + ", so read files are not moved.");
        }

        YamlNode state = root.get("state");
        STATE.check(state, warnings);
        String stateDir = state.get("dir").resolvedPath(baseDir, DEFAULT_STATE_DIR);
        YamlNode interval = state.get("checkpoint_interval");
        Duration checkpointInterval = interval.isPresent() ? interval.duration() : LudenConfig.DEFAULT_CHECKPOINT_INTERVAL;
        String backend = stateBackend(state.get("backend"));
        RetryBackoff retry = retry(root.get("retry"), warnings);

        YamlNode geo = root.get("geo");
        GEO.check(geo, warnings);
        String maxmindPath = maxmindPath(geo.get("maxmind_path"));

        YamlNode destinations = root.require("destinations");
        Map<String, DestinationConfig> parsed = new DestinationParser(baseDir, warnings, tokenNames(apiKeys),
                maxmindPath != null).parseAll(destinations);

        return new LudenConfig(apiKeys, spoolDir, logPath, stateDir, checkpointInterval, parsed, warnings,
                maxmindPath, backend, retry, discovery, afterRead, doneDir);
    }

    private static Duration discoveryInterval(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return LudenConfig.DEFAULT_DISCOVERY_INTERVAL;
        }
        Duration d = node.duration();
        if (d.compareTo(Duration.ofMillis(10)) < 0) {
            throw node.error(d.toMillis() + " ms is too short to list the spool (at least 10ms)");
        }
        return d;
    }

    private static LudenConfig.AfterRead afterRead(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return LudenConfig.AfterRead.MOVE;
        }
        String v = node.text().trim().toLowerCase(java.util.Locale.ROOT);
        for (LudenConfig.AfterRead a : LudenConfig.AfterRead.values()) {
            if (a.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                return a;
            }
        }
        throw node.error("'" + node.text() + "' is not what to do with read spool files (expected move, delete or keep)");
    }

    /** The done folder must be outside the spool: the spool is read recursively, so files there would be read again. */
    private String doneDir(YamlNode node, String spoolDir, String defaultDir) throws ConfigException {
        String dir = node.isPresent() ? node.resolvedPath(baseDir, null) : defaultDir;
        Path done = Path.of(dir).normalize();
        Path spool = Path.of(spoolDir).normalize();
        if (done.startsWith(spool) || spool.startsWith(done)) {
            String message = done + (done.startsWith(spool) ? " is inside" : " contains") + " the spool directory " + spool
                    + "; read files moved there would be read again: choose a folder outside it";
            if (node.isPresent()) {
                throw node.error(message);
            }
            throw new ConfigException("spool.done_dir: the default " + message + " (set spool.done_dir)");
        }
        return done.toString();
    }

    private static String stateBackend(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return LudenConfig.HASHMAP;
        }
        String b = node.text().trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals(LudenConfig.HASHMAP) && !b.equals(LudenConfig.ROCKSDB)) {
            throw node.error("'" + node.text() + "' is not a state backend (expected hashmap or rocksdb)");
        }
        return b;
    }

    private static RetryBackoff retry(YamlNode node, List<String> warnings) throws ConfigException {
        RETRY.check(node, warnings);
        YamlNode initial = node.get("initial_backoff");
        YamlNode max = node.get("max_backoff");
        Duration i = initial.isPresent() ? initial.duration() : RetryBackoff.DEFAULT.initial();
        Duration m = max.isPresent() ? max.duration() : RetryBackoff.DEFAULT.max();
        if (m.compareTo(i) < 0) {
            throw (max.isPresent() ? max : initial).error("max_backoff (" + m + ") must not be shorter than initial_backoff (" + i + ")");
        }
        return new RetryBackoff(i, m);
    }

    /** A local file; whether it is a MaxMind database is checked when the job opens it. */
    private String maxmindPath(YamlNode node) throws ConfigException {
        if (!node.isPresent()) {
            return null;
        }
        String text = node.text().trim();
        if (text.startsWith("maxmind://") || text.matches("(?i)https?://.*")) {
            throw node.error("downloading the database (maxmind://<license key> or a URL) is not supported;"
                    + " download the .mmdb file and give its path");
        }
        String path = node.resolvedPath(baseDir, null);
        Path file = Path.of(path);
        if (Files.isDirectory(file)) {
            throw node.error(path + " is a directory; give the .mmdb file (e.g. GeoLite2-City.mmdb)");
        }
        if (!Files.exists(file)) {
            throw node.error("no such file: " + path);
        }
        if (!Files.isReadable(file)) {
            throw node.error("cannot read " + path);
        }
        return path;
    }

    private static List<ApiKey> apiKeys(YamlNode section) throws ConfigException {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (YamlNode item : section.items()) {
            ApiKey key = apiKey(item);
            if (!ids.add(key.id())) {
                throw item.error("duplicate token id '" + key.id() + "'");
            }
            keys.add(key);
        }
        return keys;
    }

    private static ApiKey apiKey(YamlNode item) throws ConfigException {
        if (!item.isMap()) {
            // Jitsu accepted a bare string: a token whose id and client secret are that string.
            String token = item.text();
            if (token.isBlank()) {
                throw item.error("a token must not be empty");
            }
            return new ApiKey(token, token, null, List.of());
        }
        API_KEY.check(item, new ArrayList<>());
        YamlNode idNode = item.require("id");
        String id = idNode.text();
        if (id.isBlank()) {
            throw idNode.error("must not be empty");
        }
        return new ApiKey(id, item.get("client_secret").text(null), item.get("server_secret").text(null),
                item.get("origins").textList());
    }

    private static Set<String> tokenNames(List<ApiKey> keys) {
        Set<String> names = new LinkedHashSet<>();
        for (ApiKey k : keys) {
            names.add(k.id());
            if (k.clientSecret() != null) {
                names.add(k.clientSecret());
            }
            if (k.serverSecret() != null) {
                names.add(k.serverSecret());
            }
        }
        return names;
    }
}
