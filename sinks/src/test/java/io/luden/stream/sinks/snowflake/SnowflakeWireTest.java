package io.luden.stream.sinks.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;
import io.luden.stream.sinks.testing.snowflake.FakeSnowflake;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the writer sends Snowflake, as the fake received it: statements per batch, their bindings, the login. */
class SnowflakeWireTest extends WarehouseTestBase {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    private FakeSnowflake server() {
        return SnowflakeFixture.get().server();
    }

    private List<FakeSnowflake.Request> writesTo(String table) {
        String target = schema + "." + table + " ";
        List<FakeSnowflake.Request> out = new ArrayList<>();
        // with bindings: the driver's describe of a prepared statement carries none and runs nothing
        for (FakeSnowflake.Request r : server().queries(sql -> (sql.startsWith("MERGE INTO ") || sql.startsWith("INSERT INTO "))
                && sql.contains(target))) {
            if (r.bindings != null) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void aBatchIsOneMergeWithEveryValueBoundAndTimestampsAsExactText() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e0", str("a", "x")), cache); // the table exists and is cached
        List<Row> batch = new ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            batch.add(row("events", "e" + k, str("a", "v" + k), integer("n", k),
                    ts("t", "2021-02-03T04:05:06.123456+01:00")));
        }

        assertThat(w.write("events", batch, cache)).allMatch(RowResult::isWritten);

        List<FakeSnowflake.Request> writes = writesTo("events");
        assertThat(writes).hasSize(2); // the single row, then one statement for all 200
        FakeSnowflake.Request merge = writes.get(1);
        assertThat(merge.sql).startsWith("MERGE INTO " + schema + ".events AS luden_target USING (SELECT column1 AS c1,")
                .contains("CAST(column4 AS TIMESTAMP_NTZ(9)) AS c4")
                .contains(" FROM VALUES (?, ?, ?, ?), (?, ?, ?, ?),")
                .contains("ON luden_target.eventn_ctx_event_id = luden_source.c2")
                .contains("WHEN NOT MATCHED THEN INSERT").doesNotContain("WHEN MATCHED THEN");
        assertThat(merge.bindings.size()).isEqualTo(800);
        JsonNode first = merge.bindings;
        assertThat(first.get("1").get("type").asText()).isEqualTo("TEXT");
        assertThat(first.get("1").get("value").asText()).isEqualTo("v1");
        assertThat(first.get("3").get("type").asText()).isEqualTo("FIXED");
        assertThat(first.get("4").get("value").asText()).isEqualTo("2021-02-03 03:05:06.123456000");
        assertThat(count("events")).isEqualTo(201);
        assertThat(text("events", "t", EVENT_ID + " = 'e7'")).isEqualTo("2021-02-03 03:05:06.123456");
    }

    @Test
    void anUpsertBatchKeepsColumnsARowLacks() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("users", "e1", integer("id", 1), str("name", "a"), str("city", "Berlin")), cache);
        List<Row> batch = List.of(row("users", "e2", integer("id", 1), str("name", "b")),
                row("users", "e3", integer("id", 2), str("name", "c"), str("city", "Oslo")));

        assertThat(w.write("users", batch, cache)).allMatch(RowResult::isWritten);

        FakeSnowflake.Request merge = writesTo("users").get(1);
        assertThat(merge.sql).contains("WHEN MATCHED THEN UPDATE SET ")
                .contains("city = COALESCE(luden_source.c4, luden_target.city)");
        assertThat(rows("users", "id")).extracting(r -> r.get("name") + "/" + r.get("city"))
                .containsExactly("b/Berlin", "c/Oslo");
    }

    @Test
    void aRowWithAnExplicitCastOfItsOwnMakesTheBatchTheRowsOwnStatements() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e0", str("a", "x")), cache);
        List<Row> batch = List.of(row("events", "e1", str("a", "1")),
                row("events", "e2", new Field("a", DataType.STRING, "2", null, "varchar(10)")));

        assertThat(w.write("events", batch, cache)).allMatch(RowResult::isWritten);
        assertThat(writesTo("events")).hasSize(3);
        assertThat(count("events")).isEqualTo(3);
    }

    @Test
    void loginAsksForNoPlatformDetectionNoTelemetryAndJsonResults() throws Exception {
        warehouse().write(row("events", "e1", str("a", "1")), cache);

        JsonNode login = server().requests().stream().filter(r -> r.path.equals("/session/v1/login-request"))
                .reduce((a, b) -> b).orElseThrow().body.get("data");
        assertThat(login.get("CLIENT_ENVIRONMENT").get("disablePlatformDetection").asText()).isEqualTo("true");
        assertThat(login.get("CLIENT_ENVIRONMENT").get("PLATFORM").toString()).isEqualTo("[\"disabled\"]");
        assertThat(login.get("CLIENT_ENVIRONMENT").get("CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED").asText()).isEqualTo("false");
        Map<String, String> session = Map.of(
                "CLIENT_TELEMETRY_ENABLED", login.get("SESSION_PARAMETERS").get("CLIENT_TELEMETRY_ENABLED").asText(),
                "JDBC_QUERY_RESULT_FORMAT", login.get("SESSION_PARAMETERS").get("JDBC_QUERY_RESULT_FORMAT").asText(),
                "TIMEZONE", login.get("SESSION_PARAMETERS").get("TIMEZONE").asText());
        assertThat(session).containsEntry("CLIENT_TELEMETRY_ENABLED", "false")
                .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON").containsEntry("TIMEZONE", "UTC");
        assertThat(server().requests()).noneMatch(r -> r.path.contains("telemetry"));
    }
}
