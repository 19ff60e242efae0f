package io.luden.stream.functions.mapping;

import io.luden.stream.functions.Events;
import io.luden.stream.functions.RowBuilder;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §7–8 end to end: mapping rules → row → real table, on every database of the matrix. */
class FieldMapperWarehouseITCase {

    static Stream<DatabaseFixture> databases() {
        return Stream.of(PostgresFixture.get(), DuckDbFixture.get());
    }

    private static Map<String, Object> writeOne(DatabaseFixture db, Mappings mappings, String event, Map<String, String> types)
            throws Exception {
        String schema = "map_" + UUID.randomUUID().toString().substring(0, 8);
        FieldMapper.Mapped mapped = new FieldMapper(mappings).apply(Events.parse(event));
        try (Warehouse w = new Warehouse(db.settings(schema), List.of())) {
            w.write(RowBuilder.build("mapped", "e1", mapped.event(), w.dialect().maxColumnNameLength(), mapped.sqlTypes()),
                    new MapSchemaCache());
        }
        db.columnTypes(schema, "mapped").forEach((c, t) -> types.put(c, t.toLowerCase(Locale.ROOT)));
        return db.query("SELECT * FROM \"" + schema + "\".\"mapped\"").get(0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void strictMappingWithJitsuTypesWritesOnlyMappedColumnsWithTheirTypes(DatabaseFixture db) throws Exception {
        Mappings mappings = Mappings.fromLegacy(List.of("/user/age -> (integer) /age", "/page/title -> /title"), true);
        Map<String, String> types = new java.util.HashMap<>();

        Map<String, Object> row = writeOne(db, mappings, "{\"user\":{\"age\":\"42\",\"name\":\"n\"},\"page\":{\"title\":\"T\"},"
                + "\"eventn_ctx_event_id\":\"e1\",\"_timestamp\":\"2020-06-16T23:00:00Z\",\"other\":1}", types);

        assertThat(row.keySet()).containsExactlyInAnyOrder("age", "title", "eventn_ctx_event_id", "_timestamp");
        assertThat(row).containsEntry("age", 42L).containsEntry("title", "T");
        assertThat(types.get("age")).isEqualTo("bigint");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void castRuleDeclaresTheTypeOfANestedColumn(DatabaseFixture db) throws Exception {
        Mappings mappings = new Mappings(true, List.of(
                MappingRule.cast("/order/total", "numeric(38,18)", null),
                MappingRule.constant("/source", "\"web\""),
                MappingRule.remove("/order/secret")));
        Map<String, String> types = new java.util.HashMap<>();

        Map<String, Object> row = writeOne(db, mappings,
                "{\"order\":{\"total\":19.99,\"secret\":\"s\"},\"eventn_ctx_event_id\":\"e1\"}", types);

        assertThat(row.keySet()).containsExactlyInAnyOrder("order_total", "source", "eventn_ctx_event_id");
        assertThat(types.get("order_total")).startsWith(db.type().equals("postgres") ? "numeric" : "decimal(38,18)");
        assertThat(new java.math.BigDecimal(row.get("order_total").toString())).isEqualByComparingTo("19.99");
        assertThat(row).containsEntry("source", "web");
    }
}
