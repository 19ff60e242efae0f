package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code user_agent_parse} resolver (SPEC §6): uap-core rules, as Jitsu's uap-go, into
 * {@code ua_family, ua_version, os_family, os_version, device_family, device_brand, device_model,
 * bot}. Results are kept in a bounded LRU cache because a parse runs hundreds of regular
 * expressions. Thread-safe.
 */
public final class UserAgentParse {

    /** Jitsu's cache size (its user_agent_parse rule kept 100k parsed agents). */
    public static final int DEFAULT_CACHE_SIZE = 100_000;

    /** Jitsu's {@code useragent.BotUAKeywords}, matched in the lower-cased agent. */
    static final List<String> BOT_KEYWORDS = List.of("bot", "spider", "headless", "crawler", "uptimia");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Marks "parsed, nothing found" in the cache. */
    private static final ObjectNode NOTHING = NODES.objectNode();

    /** Building the rules compiles ~1,000 regular expressions: once per class loader, on first use. */
    private static final class Rules {
        static final Parser PARSER = new Parser();
        static final DeviceRules DEVICES = DeviceRules.load();
    }

    private static final class SharedHolder {
        static final UserAgentParse INSTANCE = new UserAgentParse(DEFAULT_CACHE_SIZE);
    }

    private final Map<String, ObjectNode> cache;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A parser with its own cache of at most {@code cacheSize} agents. */
    public UserAgentParse(int cacheSize) {
        if (cacheSize < 1) {
            throw new IllegalArgumentException("user-agent cache size must be positive: " + cacheSize);
        }
        this.cache = new LinkedHashMap<>(Math.min(cacheSize, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** The JVM-wide parser with a {@link #DEFAULT_CACHE_SIZE} cache, shared by all subtasks of a job. */
    public static UserAgentParse shared() {
        return SharedHolder.INSTANCE;
    }

    /**
     * Parses {@code agent}; null for an empty agent or one where nothing is recognised. The result
     * is a fresh object the caller may change.
     */
    public ObjectNode parse(String agent) {
        if (agent == null || agent.isEmpty()) {
            return null;
        }
        ObjectNode cached;
        synchronized (cache) {
            cached = cache.get(agent);
        }
        if (cached != null) {
            hits.incrementAndGet();
        } else {
            misses.incrementAndGet();
            cached = resolve(agent);
            synchronized (cache) {
                cache.put(agent, cached);
            }
        }
        return cached == NOTHING ? null : cached.deepCopy();
    }

    /** Parses that came from the cache. */
    public long cacheHits() {
        return hits.get();
    }

    /** Parses that ran the rules. */
    public long cacheMisses() {
        return misses.get();
    }

    /** Agents in the cache now. */
    public int cacheSize() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Jitsu's {@code UaResolver.Resolve}: "Other" families are dropped, versions joined with dots. */
    private static ObjectNode resolve(String agent) {
        UserAgent ua = Rules.PARSER.parseUserAgent(agent);
        OS os = Rules.PARSER.parseOS(agent);
        DeviceRules.Device device = Rules.DEVICES.parse(agent);

        ObjectNode out = NODES.objectNode();
        if (ua != null) {
            put(out, "ua_family", notOther(ua.family));
            put(out, "ua_version", version(ua.major, ua.minor, ua.patch, null));
        }
        if (os != null) {
            put(out, "os_family", notOther(os.family));
            put(out, "os_version", version(os.major, os.minor, os.patch, os.patchMinor));
        }
        put(out, "device_family", notOther(device.family));
        put(out, "device_brand", device.brand);
        put(out, "device_model", device.model);
        if (out.isEmpty()) {
            return NOTHING;
        }
        if (isBot(agent, device)) {
            out.put("bot", true); // Go's omitempty: bot appears only when true
        }
        return out;
    }

    static boolean isBot(String agent, DeviceRules.Device device) {
        if ("Spider".equals(device.family) || "Spider".equals(device.brand)) {
            return true;
        }
        String lower = agent.toLowerCase(Locale.ROOT);
        for (String keyword : BOT_KEYWORDS) {
            if (lower.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** uap-go's {@code ToVersionString}: each present part appended, dot-separated after the first. */
    static String version(String major, String minor, String patch, String patchMinor) {
        StringBuilder v = new StringBuilder();
        if (present(major)) {
            v.append(major);
        }
        for (String part : new String[] {minor, patch, patchMinor}) {
            if (present(part)) {
                v.append('.').append(part);
            }
        }
        return v.toString();
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    private static String notOther(String family) {
        return "Other".equals(family) ? null : family;
    }

    private static void put(ObjectNode out, String key, String value) {
        if (present(value)) {
            out.put(key, value);
        }
    }
}
