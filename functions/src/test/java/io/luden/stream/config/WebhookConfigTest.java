package io.luden.stream.config;

import io.luden.stream.functions.webhook.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.luden.stream.config.YamlFiles.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: webhook}: Jitsu's keys, Luden's three, defaults, and the key path in every refusal. */
class WebhookConfigTest {
    @TempDir
    Path dir;

    private DestinationConfig destination(String config, String more) throws ConfigException {
        return load(dir, "destinations:\n  hook:\n    type: webhook\n    config: " + config + "\n" + more)
                .destinations().get("hook");
    }

    private WebhookSettings settings(String config) throws ConfigException {
        return WebhookSettings.of(destination(config, "").connection());
    }

    @Test
    void readsJitsusKeysWithDefaults() throws Exception {
        DestinationConfig d = destination("{url: 'https://hooks.example.com/in'}", "");
        WebhookSettings s = WebhookSettings.of(d.connection());

        assertThat(d.type()).isEqualTo("webhook");
        assertThat(s.url()).isEqualTo("https://hooks.example.com/in");
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.body()).isNull();
        assertThat(s.headers()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.concurrency()).isEqualTo(1);
        assertThat(d.batch().maxRows()).isEqualTo(BatchSettings.DEFAULT_WEBHOOK_MAX_ROWS);
        assertThat(d.batch().maxDelay()).isEqualTo(BatchSettings.DEFAULT_STREAM_DELAY);
    }

    @Test
    void readsEveryKey() throws Exception {
        WebhookSettings s = settings("{url: 'http://h/{{.event_type}}', method: put, body: '{\"a\": \"{{.a}}\"}',"
                + " headers: {X-Event-Id: '{{.eventn_ctx_event_id}}', Authorization: 'Bearer abc'},"
                + " connect_timeout: 2s, request_timeout: 500ms, concurrency: 4}");

        assertThat(s.url()).isEqualTo("http://h/{{.event_type}}");
        assertThat(s.method()).isEqualTo("PUT");
        assertThat(s.body()).isEqualTo("{\"a\": \"{{.a}}\"}");
        assertThat(s.headers()).containsEntry("X-Event-Id", "{{.eventn_ctx_event_id}}").hasSize(2);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.concurrency()).isEqualTo(4);
    }

    @Test
    void aBodyGivenAsAMapIsItsJsonText() throws Exception {
        assertThat(settings("{url: 'http://h', body: {text: 'new {{.event_type}}', n: 1}}").body())
                .isEqualTo("{\"text\":\"new {{.event_type}}\",\"n\":1}");
    }

    @Test
    void batchMaxRowsCanStillBeSet() throws Exception {
        assertThat(destination("{url: 'http://h'}", "    batch: {max_rows: 500}\n").batch().maxRows()).isEqualTo(500);
    }

    @Test
    void refusalsNameTheKeyPath() {
        assertThatThrownBy(() -> settings("{method: POST}"))
                .hasMessageStartingWith("destinations.hook.config").hasMessageContaining("'url'");
        assertThatThrownBy(() -> settings("{url: ' '}")).hasMessage("destinations.hook.config.url: must not be empty");
        assertThatThrownBy(() -> settings("{url: 'ftp://example.com/x'}"))
                .hasMessage("destinations.hook.config.url: not an http:// or https:// URL (scheme 'ftp'), got 'ftp://example.com/x'");
        assertThatThrownBy(() -> settings("{url: 'example.com/x'}"))
                .hasMessageStartingWith("destinations.hook.config.url: not an http:// or https:// URL");
        assertThatThrownBy(() -> settings("{url: 'http://h', method: TRACE}"))
                .hasMessage("destinations.hook.config.method: expected one of GET, POST, PUT, PATCH, DELETE, got 'TRACE'");
        assertThatThrownBy(() -> settings("{url: 'http://h', concurrency: 0}"))
                .hasMessageStartingWith("destinations.hook.config.concurrency: must be between 1");
        assertThatThrownBy(() -> settings("{url: 'http://h', request_timeout: 30}"))
                .hasMessageStartingWith("destinations.hook.config.request_timeout: expected a duration");
        assertThatThrownBy(() -> settings("{url: 'http://h', connect_timeout: 0s}"))
                .hasMessageStartingWith("destinations.hook.config.connect_timeout: must be greater than zero");
        assertThatThrownBy(() -> settings("{url: 'http://h', headers: {Host: x}}"))
                .hasMessage("destinations.hook.config.headers.Host: the HTTP client sets this header itself; it cannot be configured");
        assertThatThrownBy(() -> settings("{url: 'http://h', headers: {'Bad Name': x}}"))
                .hasMessage("destinations.hook.config.headers.Bad Name: not a valid HTTP header name");
        assertThatThrownBy(() -> settings("{url: 'http://h', headers: {X-A: x, x-a: y}}"))
                .hasMessageStartingWith("destinations.hook.config.headers.x-a: header 'X-A' is set twice");
        assertThatThrownBy(() -> settings("{url: 'http://h', headers: [a]}"))
                .hasMessage("destinations.hook.config.headers: expected a map of header name to value, got a list");
        assertThatThrownBy(() -> settings("{url: 'http://h', secret: x}"))
                .hasMessageStartingWith("destinations.hook.config.secret: unknown key");
    }

    @Test
    void templateSyntaxErrorsStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> settings("{url: 'http://h/{{.a'}"))
                .hasMessageStartingWith("destinations.hook.config.url: Go template syntax error");
        assertThatThrownBy(() -> settings("{url: 'http://h', body: '{{if .a}}x'}"))
                .hasMessageStartingWith("destinations.hook.config.body: Go template syntax error");
        assertThatThrownBy(() -> settings("{url: 'http://h', headers: {X-A: 'return $.a +'}}"))
                .hasMessageStartingWith("destinations.hook.config.headers.X-A").hasMessageContaining("SyntaxError");
    }

    @Test
    void aTemplatedUrlIsCheckedPerEventNotAtStartUp() throws Exception {
        assertThat(settings("{url: '{{.target}}'}").url()).isEqualTo("{{.target}}");
    }

    @Test
    void batchModeIsRefusedAsInJitsu() {
        assertThatThrownBy(() -> destination("{url: 'http://h'}", "    mode: batch\n"))
                .hasMessageStartingWith("destinations.hook.mode: a webhook sends each event as it arrives");
    }

    @Test
    void theExampleConfigLoadsWithItsSecretsFromTheEnvironment() throws Exception {
        Path file = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && file == null; d = d.getParent()) {
            if (Files.exists(d.resolve("conf/examples/webhook.yaml"))) {
                file = d.resolve("conf/examples/webhook.yaml");
            }
        }
        assertThat(file).as("conf/examples/webhook.yaml").isNotNull();

        LudenConfig c = ConfigLoader.load(file, Map.of("HOOK_URL", "https://hooks.example.com/luden", "HOOK_TOKEN", "t0k"), dir);

        assertThat(c.warnings()).isEmpty();
        DestinationConfig hook = c.destinations().get("hook");
        WebhookSettings s = WebhookSettings.of(hook.connection());
        assertThat(s.url()).isEqualTo("https://hooks.example.com/luden");
        assertThat(s.headers()).containsEntry("Authorization", "Bearer t0k").containsEntry("X-Event-Id", "{{.eventn_ctx_event_id}}");
        assertThat(s.body()).startsWith("{\"type\": \"{{.event_type}}\"");
        assertThat(hook.dataLayout().tableNameTemplate()).contains("pageview");
    }
}
