package io.luden.stream.functions;

import io.luden.stream.config.DataLayout;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each row the pipeline makes carries the object it was flattened from ({@link Row#source()}). */
class EventPipelineSourceTest {
    private static EventPipeline pipeline(DataLayout layout) {
        DestinationConfig d = new DestinationConfig("hook", "postgres", null,
                ConnectionSettings.builder("postgres").host("localhost").db("x").build(), layout);
        return new EventPipeline(d, null, 63);
    }

    @Test
    void theSourceIsTheEventAsTheRowSawItNestedAndWithoutTheHttpContext() throws Exception {
        String json = "{\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2024-01-02T03:04:05Z\",\"event_type\":\"click\","
                + "\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"]},\"__HTTP_CONTEXT__\":{\"ip\":\"1.2.3.4\"}}";
        try (EventPipeline p = pipeline(new DataLayout("{{.event_type}}", List.of()))) {
            EventPipeline.Result r = p.process(new EventRecord("hook", "t", "e1", json, "spool/f.jsonl", 1));

            assertThat(r.error()).isNull();
            Row row = r.rows().get(0);
            assertThat(row.table()).isEqualTo("click");
            assertThat(row.field("user_id")).isNotNull(); // the columns are flattened …
            assertThat(row.source().get("user").get("id").asInt()).isEqualTo(7); // … the source is not
            assertThat(row.source().get("user").get("tags").size()).isEqualTo(2);
            assertThat(row.source().get("eventn_ctx_event_id").asText()).isEqualTo("e1");
            assertThat(row.source().has("__HTTP_CONTEXT__")).isFalse();
        }
    }

    @Test
    void aTransformsRowsEachCarryTheirOwnObjectWithTheirOwnId() throws Exception {
        String json = "{\"eventn_ctx_event_id\":\"e2\",\"_timestamp\":\"2024-01-02T03:04:05Z\",\"n\":1}";
        DataLayout layout = new DataLayout("events", List.of(), "return [{a: 1}, {a: 2}]", null, null);
        try (EventPipeline p = pipeline(layout)) {
            EventPipeline.Result r = p.process(new EventRecord("hook", "t", "e2", json, "spool/f.jsonl", 2));

            assertThat(r.error()).isNull();
            assertThat(r.rows()).hasSize(2);
            assertThat(r.rows().get(0).source().get("a").asInt()).isEqualTo(1);
            assertThat(r.rows().get(1).source().get("a").asInt()).isEqualTo(2);
            assertThat(r.rows().get(0).source().get("eventn_ctx_event_id").asText())
                    .isEqualTo(r.rows().get(0).eventId()).isNotEqualTo(r.rows().get(1).eventId());
        }
    }
}
