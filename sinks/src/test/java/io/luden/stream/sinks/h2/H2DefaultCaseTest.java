package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.testing.H2Fixture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database with H2's default case rules (unquoted names upper-cased), as a Guinsoo server has it:
 * Luden's names arrive lower case and exactly as written, its schema read finds them, replays and
 * upserts work, and a destination without a schema writes to PUBLIC.
 */
class H2DefaultCaseTest {
    private final H2Fixture h2 = H2Fixture.get();

    private List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        Connection c = h2.plainConnection();
        synchronized (h2) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Row row(String table, String id, Field... fields) {
        List<Field> all = new ArrayList<>(List.of(fields));
        all.add(new Field("eventn_ctx_event_id", DataType.STRING, id));
        return new Row(table, id, all);
    }

    private static Field str(String c, String v) {
        return new Field(c, DataType.STRING, v);
    }

    @Test
    void namesAreStoredLowerCaseAndReplaysAddNoRow() throws Exception {
        String schema = "Events_" + UUID.randomUUID().toString().substring(0, 6);
        ConnectionSettings s = h2.settings(H2Fixture.PLAIN_DB, schema, Map.of());
        MapSchemaCache cache = new MapSchemaCache();
        try (Warehouse w = new Warehouse(s, List.of())) {
            w.write(row("Page Views", "e1", str("user", "u"), str("day", "a"),
                    new Field("utc_time", DataType.TIMESTAMP, "2024-01-02T03:04:05.123456Z")), cache);
            w.write(row("Page Views", "e1", str("user", "replayed")), new MapSchemaCache());
            List<Row> batch = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                batch.add(row("Page Views", "b" + k, str("user", "b" + k)));
            }
            batch.add(row("Page Views", "e1", str("user", "again")));
            assertThat(w.write("Page Views", batch, cache)).allMatch(RowResult::isWritten);

            TableSchema read = w.dialect().readSchema(h2.plainConnection(), schema, "Page Views");
            assertThat(read.columns).containsOnlyKeys("user", "day", "utc_time", "eventn_ctx_event_id");
            assertThat(read.uniqueKeys).containsExactly("eventn_ctx_event_id");
        }
        assertThat(strings("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '" + schema
                + "' AND TABLE_NAME = 'Page Views' ORDER BY ORDINAL_POSITION"))
                .containsExactly("day", "eventn_ctx_event_id", "user", "utc_time");
        assertThat(strings("SELECT CAST(\"utc_time\" AS VARCHAR) FROM \"" + schema + "\".\"Page Views\" WHERE"
                + " \"eventn_ctx_event_id\" = 'e1'")).containsExactly("2024-01-02 03:04:05.123456");
        assertThat(strings("SELECT \"user\" FROM \"" + schema + "\".\"Page Views\" WHERE \"eventn_ctx_event_id\" = 'e1'"))
                .containsExactly("u");
        assertThat(strings("SELECT COUNT(*) FROM \"" + schema + "\".\"Page Views\"")).containsExactly("21");
    }

    @Test
    void withoutASchemaTablesGoToPublicAndUpsertsKeepOtherColumnsAndForeignParametersAreIgnored() throws Exception {
        String table = "users_" + UUID.randomUUID().toString().substring(0, 6);
        ConnectionSettings s = ConnectionSettings.builder("guinsoo").host("127.0.0.1").port(h2.port())
                .db(H2Fixture.PLAIN_DB).username(H2Fixture.USER).password(H2Fixture.PASSWORD)
                // a Jitsu PostgreSQL block's parameters, copied over: H2 ignores settings it does not know
                .parameters(Map.of("sslmode", "disable", "connect_timeout", "600")).build();
        try (Warehouse w = new Warehouse(s, List.of("id"))) {
            assertThat(w.schema()).isEqualTo("PUBLIC");
            MapSchemaCache cache = new MapSchemaCache();
            w.write(row(table, "e1", new Field("id", DataType.INTEGER, 1L), str("name", "n"), str("email", "m@x")), cache);
            w.write(row(table, "e2", new Field("id", DataType.INTEGER, 1L), str("name", "n2")), cache);
        }
        assertThat(strings("SELECT \"name\" || ' ' || \"email\" || ' ' || \"eventn_ctx_event_id\" FROM PUBLIC.\""
                + table + "\"")).containsExactly("n2 m@x e2");
    }
}
