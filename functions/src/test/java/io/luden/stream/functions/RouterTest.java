package io.luden.stream.functions;

import io.luden.stream.config.ApiKey;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private static Router router() {
        Map<String, DestinationConfig> d = new LinkedHashMap<>();
        d.put("web_only", new DestinationConfig("web_only", "duckdb", List.of("web"), null, null));
        d.put("by_secret", new DestinationConfig("by_secret", "duckdb", List.of("s2s_secret"), null, null));
        d.put("everything", new DestinationConfig("everything", "duckdb", null, null, null));
        d.put("empty_list", new DestinationConfig("empty_list", "duckdb", List.of(), null, null));
        List<ApiKey> keys = List.of(new ApiKey("web", "js_secret", "s2s_secret", null),
                new ApiKey("mobile", "m_secret", null, null));
        return new Router(new LudenConfig(keys, "/s", "/l", "/st", Duration.ofSeconds(1), d, List.of()));
    }

    @Test
    void resolvesClientAndServerSecretsToTheTokenId() {
        Router r = router();
        assertThat(r.tokenId("js_secret")).isEqualTo("web");
        assertThat(r.tokenId("s2s_secret")).isEqualTo("web");
        assertThat(r.tokenId("web")).isEqualTo("web");
        assertThat(r.tokenId("unknown")).isEqualTo("unknown");
    }

    @Test
    void takesTheTokenFromApiKeyBeforeTheFileName() {
        Router r = router();
        assertThat(r.tokenOf("m_secret", "file:/spool/incoming.tok=web-2024-01-01T00-00-00.000.log")).isEqualTo("mobile");
        assertThat(r.tokenOf(null, "file:/spool/incoming.tok=web-2024-01-01T00-00-00.000.log")).isEqualTo("web");
        assertThat(r.tokenOf("", "file:/spool/plain.log")).isNull();
    }

    @Test
    void routesByOnlyTokensGivenAsIdOrSecret() {
        Router r = router();
        assertThat(r.destinationsFor("web")).containsExactly("web_only", "by_secret", "everything", "empty_list");
        assertThat(r.destinationsFor("mobile")).containsExactly("everything", "empty_list");
        assertThat(r.destinationsFor(null)).containsExactly("everything", "empty_list");
    }
}
