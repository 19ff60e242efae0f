package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.DataLayout;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.js.JsTransform;
import io.luden.stream.functions.template.TableNameTemplate;
import io.luden.stream.sinks.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the pipeline's own code checks at start-up: each misconfiguration refused with its key path. */
class StartupChecksTest {
    @TempDir
    Path dir;

    private DataLayout load(String dataLayoutAndMore) throws Exception {
        Path file = dir.resolve("luden.yaml");
        Files.writeString(file, "destinations:\n  wh:\n    type: duckdb\n" + dataLayoutAndMore);
        return StartupChecks.load(file, Map.of(), dir).destinations().get("wh").dataLayout();
    }

    @Test
    void acceptsAJavaScriptTemplateAndTransformAndHandsThemOnAsWritten() throws Exception {
        DataLayout layout = load("    data_layout:\n      table_name_template: 'return $.event_type'\n      transform: 'return [$, $]'\n");

        assertThat(layout.tableNameTemplate()).isEqualTo("return $.event_type");
        assertThat(layout.transform()).isEqualTo("return [$, $]");
        TableNameTemplate template = TableNameTemplate.parse(layout.tableNameTemplate());
        try (JsTransform transform = new JsTransform(layout.transform(), layout.transformTimeout())) {
            assertThat(template.kind()).isEqualTo(TableNameTemplate.Kind.JAVASCRIPT);
            assertThat(template.evaluate(Events.parse("{\"event_type\":\"Sign Up\"}"))).isEqualTo("sign_up");
            assertThat(transform.apply(Events.parse("{\"a\":1}"), "wh", "duckdb")).extracting(Events::toJson)
                    .containsExactly("{\"a\":1}", "{\"a\":1}");
        } finally {
            template.close();
        }
    }

    @Test
    void acceptsAGoTemplateUsingTimestampFormat() throws Exception {
        DataLayout layout = load("    data_layout: {table_name_template: '{{.event_type}}_{{._timestamp.Format \"2006\"}}'}\n");

        TableNameTemplate template = TableNameTemplate.parse(layout.tableNameTemplate());
        assertThat(template.kind()).isEqualTo(TableNameTemplate.Kind.GO);
        assertThat(template.evaluate(Events.parse("{\"event_type\":\"click\",\"_timestamp\":\"2020-08-02T18:23:56.291383Z\"}")))
                .isEqualTo("click_2020");
        assertThat(layout.transform()).isNull();
    }

    @Test
    void acceptsAConstantTemplate() throws Exception {
        DataLayout layout = load("    data_layout: {table_name_template: web.pageviews}\n");

        TableNameTemplate template = TableNameTemplate.parse(layout.tableNameTemplate());
        assertThat(template.kind()).isEqualTo(TableNameTemplate.Kind.CONSTANT);
        assertThat(template.evaluate(Events.parse("{\"event_type\":\"click\"}"))).isEqualTo("web_pageviews");
    }

    @Test
    void refusesATransformThatDoesNotParse() {
        assertThatThrownBy(() -> load("    data_layout:\n      transform: |\n        var x = ;\n        return $;\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("destinations.wh.data_layout.transform: ")
                .hasMessageContaining("SyntaxError").hasMessageContaining("line 1");
    }

    @Test
    void refusesJavaScriptAndGoTemplatesThatDoNotParseNamingTheTemplate() {
        assertThatThrownBy(() -> load("    data_layout: {table_name_template: 'return $.a +'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("destinations.wh.data_layout.table_name_template: 'return $.a +': ");
        assertThatThrownBy(() -> load("    data_layout: {table_name_template: '{{range .items}}x{{end}}'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("destinations.wh.data_layout.table_name_template: '{{range .items}}x{{end}}': ");
    }

    @Test
    void refusesAFileThatIsNotAMaxMindDatabase() throws Exception {
        Path notMmdb = Files.writeString(dir.resolve("geo.mmdb"), "not a database");
        Path file = dir.resolve("luden.yaml");
        Files.writeString(file, "geo: {maxmind_path: " + notMmdb + "}\ndestinations:\n  wh: {type: duckdb}\n");
        assertThatThrownBy(() -> StartupChecks.load(file, Map.of(), dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("geo.maxmind_path").hasMessageContaining(notMmdb.toString());
    }

    @Test
    void refusesAMappingRuleThatCannotWork() {
        assertThatThrownBy(() -> load("    data_layout:\n      mappings:\n        fields:\n"
                + "          - {dst: /a, action: cast, type: 'text; DROP TABLE x'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("destinations.wh.data_layout.mappings");
    }

    @Test
    void theShippedExamplesPassEveryCheck() throws Exception {
        Path repo = Path.of(System.getProperty("luden.repo.dir", "..")).toAbsolutePath().normalize();
        Map<String, String> env = Map.of("PG_PASSWORD", "x", "GUINSOO_PASSWORD", "x", "AWS_ACCESS_KEY_ID", "x",
                "AWS_SECRET_ACCESS_KEY", "x", "HOOK_URL", "https://hooks.example.com/in", "HOOK_TOKEN", "x",
                "MAXMIND_PATH", TestData.path("geo/GeoLite2-City-Test.mmdb").toString());
        for (String example : new String[] {"conf/luden.yaml", "conf/examples/transform.yaml",
                "conf/examples/mappings.yaml", "conf/examples/enrichment.yaml", "conf/examples/postgres.yaml",
                "conf/examples/guinsoo.yaml", "conf/examples/webhook.yaml", "conf/examples/s3.yaml"}) {
            assertThat(StartupChecks.load(repo.resolve(example), env, dir).destinations()).as(example).isNotEmpty();
        }
    }
}
