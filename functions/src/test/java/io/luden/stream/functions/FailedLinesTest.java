package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailedLinesTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void failedLineEmbedsTheEventAsJsonWithErrorIdDestinationAndTime() throws Exception {
        String line = FailedLines.forEvent("{\"a\":1.0,\"eventn_ctx_event_id\":\"e1\"}", "column \"a\" is bigint",
                "e1", "pg", Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(line).startsWith("{\"event\":{\"a\":1.0,");
        JsonNode n = mapper.readTree(line);
        assertThat(n.get("event").get("eventn_ctx_event_id").asText()).isEqualTo("e1");
        assertThat(n.get("error").asText()).isEqualTo("column \"a\" is bigint");
        assertThat(n.get("event_id").asText()).isEqualTo("e1");
        assertThat(n.get("destination_id").asText()).isEqualTo("pg");
        assertThat(n.get("timestamp").asText()).isEqualTo("2024-05-01T10:00:00Z");
    }

    @Test
    void malformedLineKeepsTheRawTextAndWhereItCameFrom() throws Exception {
        String line = FailedLines.forMalformed("{not json\"", "malformed event: x", "file:/s/a.log", 7,
                Instant.parse("2024-05-01T10:00:00Z"));
        JsonNode n = mapper.readTree(line);
        assertThat(n.has("event")).isFalse();
        assertThat(n.get("malformed_event").asText()).isEqualTo("{not json\"");
        assertThat(n.get("file").asText()).isEqualTo("file:/s/a.log");
        assertThat(n.get("line").asLong()).isEqualTo(7);
    }

    @Test
    void failedLineCarriesTheEventsTokenWhenItHasOne() throws Exception {
        JsonNode with = mapper.readTree(FailedLines.forEvent("{}", "e", "id", "pg", "mobile", Instant.EPOCH));
        assertThat(with.get("token").asText()).isEqualTo("mobile");
        JsonNode without = mapper.readTree(FailedLines.forEvent("{}", "e", "id", "pg", null, Instant.EPOCH));
        assertThat(without.has("token")).isFalse();
    }
}
