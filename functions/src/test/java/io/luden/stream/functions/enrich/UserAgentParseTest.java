package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.Events;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** user_agent_parse with uap-core's rules, shaped as Jitsu's ResolvedUa. */
class UserAgentParseTest {

    static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36";
    static final String CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/91.0.4472.114 Safari/537.36";
    static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) "
            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1";
    static final String SAMSUNG = "Mozilla/5.0 (Linux; Android 13; SM-S901B) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/112.0.0.0 Mobile Safari/537.36";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String HEADLESS_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) HeadlessChrome/119.0.6045.105 Safari/537.36";

    private final UserAgentParse parser = new UserAgentParse(100);

    private String parse(String agent) {
        ObjectNode parsed = parser.parse(agent);
        return parsed == null ? null : Events.toJson(parsed);
    }

    @Test
    void desktopChromeHasBrowserAndOsButNoDeviceBecauseUapSaysOther() {
        assertThat(parse(CHROME_WINDOWS)).isEqualTo("{\"ua_family\":\"Chrome\",\"ua_version\":\"120.0.6099\","
                + "\"os_family\":\"Windows\",\"os_version\":\"10\"}");
    }

    @Test
    void versionsJoinMajorMinorPatchAndOsPatchMinorWithDots() {
        // ua: major.minor.patch (Chrome's 4th component is not part of it); os: up to patch_minor
        assertThat(parse(CHROME_MAC)).isEqualTo("{\"ua_family\":\"Chrome\",\"ua_version\":\"91.0.4472\","
                + "\"os_family\":\"Mac OS X\",\"os_version\":\"10.15.7\",\"device_family\":\"Mac\","
                + "\"device_brand\":\"Apple\",\"device_model\":\"Mac\"}");
        assertThat(UserAgentParse.version("1", "2", "3", "4")).isEqualTo("1.2.3.4");
        assertThat(UserAgentParse.version("1", null, "", null)).isEqualTo("1");
        assertThat(UserAgentParse.version(null, null, null, null)).isEmpty();
    }

    @Test
    void iphoneSafariHasDeviceBrandAndModel() {
        assertThat(parse(IPHONE_SAFARI)).isEqualTo("{\"ua_family\":\"Mobile Safari\",\"ua_version\":\"16.6\","
                + "\"os_family\":\"iOS\",\"os_version\":\"16.6\",\"device_family\":\"iPhone\","
                + "\"device_brand\":\"Apple\",\"device_model\":\"iPhone\"}");
    }

    @Test
    void androidDeviceModelComesFromTheAgent() {
        assertThat(parse(SAMSUNG)).isEqualTo("{\"ua_family\":\"Chrome Mobile\",\"ua_version\":\"112.0.0\","
                + "\"os_family\":\"Android\",\"os_version\":\"13\",\"device_family\":\"Samsung SM-S901B\","
                + "\"device_brand\":\"Samsung\",\"device_model\":\"SM-S901B\"}");
    }

    @Test
    void googlebotIsABot() {
        assertThat(parse(GOOGLEBOT)).isEqualTo("{\"ua_family\":\"Googlebot\",\"ua_version\":\"2.1\","
                + "\"device_family\":\"Spider\",\"device_brand\":\"Spider\",\"device_model\":\"Desktop\","
                + "\"bot\":true}");
    }

    @Test
    void headlessChromeIsABotByKeyword() {
        assertThat(parse(HEADLESS_CHROME)).isEqualTo("{\"ua_family\":\"HeadlessChrome\","
                + "\"ua_version\":\"119.0.6045\",\"os_family\":\"Linux\",\"bot\":true}");
    }

    @Test
    void botKeywordsAreCaseInsensitive() {
        DeviceRules.Device other = DeviceRules.OTHER;
        assertThat(UserAgentParse.isBot("MyCRAWLER/1.0", other)).isTrue();
        assertThat(UserAgentParse.isBot("Uptimia-Monitor", other)).isTrue();
        assertThat(UserAgentParse.isBot("some SPIDER", other)).isTrue();
        assertThat(UserAgentParse.isBot(CHROME_WINDOWS, other)).isFalse();
        assertThat(UserAgentParse.isBot("x", new DeviceRules.Device("Spider", null, null))).isTrue();
        assertThat(UserAgentParse.isBot("x", new DeviceRules.Device("Other", "Spider", null))).isTrue();
    }

    @Test
    void aHumanAgentHasNoBotKey() {
        // Jitsu's bot field is omitempty: false is left out
        assertThat(parser.parse(IPHONE_SAFARI).has("bot")).isFalse();
    }

    @Test
    void unrecognisedOrEmptyAgentGivesNothing() {
        assertThat(parser.parse("zzz")).isNull();
        assertThat(parser.parse("")).isNull();
        assertThat(parser.parse(null)).isNull();
    }

    @Test
    void secondParseOfAnAgentComesFromTheCache() {
        ObjectNode first = parser.parse(IPHONE_SAFARI);
        assertThat(parser.cacheMisses()).isEqualTo(1);
        assertThat(parser.cacheHits()).isZero();
        first.put("ua_family", "changed by the caller");
        ObjectNode second = parser.parse(IPHONE_SAFARI);
        assertThat(parser.cacheHits()).isEqualTo(1);
        assertThat(parser.cacheMisses()).isEqualTo(1);
        // each caller gets its own copy: a change to one result never leaks into the cache
        assertThat(second.get("ua_family").asText()).isEqualTo("Mobile Safari");
        // an agent with no result is cached too
        parser.parse("zzz");
        parser.parse("zzz");
        assertThat(parser.cacheHits()).isEqualTo(2);
    }

    @Test
    void cacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
        UserAgentParse small = new UserAgentParse(2);
        small.parse(CHROME_WINDOWS);
        small.parse(IPHONE_SAFARI);
        small.parse(CHROME_WINDOWS);    // hit: Chrome becomes most recent
        small.parse(GOOGLEBOT);         // evicts the iPhone
        assertThat(small.cacheSize()).isEqualTo(2);
        assertThat(small.cacheHits()).isEqualTo(1);
        small.parse(CHROME_WINDOWS);
        assertThat(small.cacheHits()).isEqualTo(2);
        small.parse(IPHONE_SAFARI);
        assertThat(small.cacheMisses()).isEqualTo(4);
    }

    @Test
    void rejectsANonPositiveCacheSize() {
        assertThatThrownBy(() -> new UserAgentParse(0)).hasMessageContaining("cache size must be positive: 0");
    }

    @Test
    void parsesFromManyThreadsAlike() throws Exception {
        UserAgentParse shared = UserAgentParse.shared();
        List<String> agents = List.of(CHROME_WINDOWS, IPHONE_SAFARI, GOOGLEBOT, HEADLESS_CHROME, SAMSUNG);
        List<String> expected = new ArrayList<>();
        for (String a : agents) {
            expected.add(Events.toJson(new UserAgentParse(1).parse(a)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int k = i % agents.size();
                        if (!Events.toJson(shared.parse(agents.get(k))).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
