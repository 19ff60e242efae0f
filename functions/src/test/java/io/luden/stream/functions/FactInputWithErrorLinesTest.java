package io.luden.stream.functions;

import io.luden.stream.functions.template.TableNameTemplate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.testing.TestData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jitsu's processor fixture {@code fact_input_with_error_lines_1.0.log} through EventIds,
 * Jitsu's table-name template and RowBuilder; expectations from testdata/README.md.
 */
class FactInputWithErrorLinesTest {

    private static final String TEMPLATE = "{{if .event_type}}{{if eq .event_type \"skipped\"}}{{else}}"
            + "{{.event_type}}_{{._timestamp.Format \"2006_01\"}}{{end}}{{else}}"
            + "{{.event_type}}_{{._timestamp.Format \"2006_01\"}}{{end}}";

    private static final Instant READ_TIME = Instant.now();
    private static String path;
    /** Per line (index 0 = line 1): the row, or null when the event was skipped. */
    private static final List<Row> rows = new ArrayList<>();

    @BeforeAll
    static void loadTheFixture() throws Exception {
        Path file = TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log");
        path = file.toUri().toString();
        TableNameTemplate template = TableNameTemplate.parse(TEMPLATE);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode event = Events.parse(lines.get(i));
            String id = EventIds.assign(event, path, i + 1, READ_TIME);
            String table = template.evaluate(event);
            rows.add(table == null ? null : RowBuilder.build(table, id, event, 59));
        }
    }

    private static Field string(String column, String value) {
        return new Field(column, DataType.STRING, value);
    }

    private static Field idOfLine(int line) {
        String id = UUID.nameUUIDFromBytes((path + ":" + line).getBytes(StandardCharsets.UTF_8)).toString();
        return string("eventn_ctx_event_id", id);
    }

    private static Field timestamp(String value) {
        return new Field("_timestamp", DataType.TIMESTAMP, value);
    }

    @Test
    void readsEightLines() {
        assertThat(rows).hasSize(8);
    }

    @Test
    void line1GoesToUserTableWithFlattenedGeoAndKeys() {
        Row row = rows.get(0);
        assertThat(row.table()).isEqualTo("user_2020_08");
        assertThat(row.fields()).containsExactlyInAnyOrder(
                string("_geo_data_country", "US"), string("_geo_data_city", "New York"),
                timestamp("2020-08-02T18:23:56.291383Z"), string("event_type", "user"),
                string("key1_key2", "splu"), string("key10_sib1_1", "k"), idOfLine(1));
    }

    @Test
    void line2KeepsFloatsFloatsStringsStringsAndArraysAsJsonText() {
        Row row = rows.get(1);
        assertThat(row.table()).isEqualTo("notification_2020_08");
        assertThat(row.fields()).containsExactlyInAnyOrder(
                new Field("_geo_data_latitude", DataType.FLOAT, new BigDecimal("40.7809")),
                new Field("_geo_data_longitude", DataType.FLOAT, new BigDecimal("-73.9502")),
                timestamp("2020-08-02T18:23:58.057807Z"), string("event_type", "notification"),
                string("key1_key2", "123"), string("key3", "privvvv"), string("key5", "[1,2,4,5]"), idOfLine(2));
    }

    @Test
    void line3TypesFiftyPointZeroAsAFloatWithItsScale() {
        Row row = rows.get(2);
        assertThat(row.table()).isEqualTo("user_2020_08");
        Field value = row.field("key10_sib1_1");
        assertThat(value.type()).isEqualTo(DataType.FLOAT);
        assertThat(value.value()).isEqualTo(new BigDecimal("50.0"));
        assertThat(row.fields()).extracting(Field::column).containsExactlyInAnyOrder(
                "_geo_data_country", "_geo_data_city", "_timestamp", "event_type", "key1_key2", "key10_sib1_1",
                "eventn_ctx_event_id");
    }

    @Test
    void line4WithoutTimestampGetsTheReadTimeAndItsMonthTable() {
        Row row = rows.get(3);
        ZonedDateTime read = READ_TIME.atZone(ZoneOffset.UTC);
        assertThat(row.table()).isEqualTo("views_" + read.format(DateTimeFormatter.ofPattern("yyyy_MM")));
        String expectedTimestamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").format(read);
        assertThat(row.fields()).containsExactlyInAnyOrder(
                timestamp(expectedTimestamp), string("event_type", "views"), string("key1000", "super value"),
                idOfLine(4));
    }

    @Test
    void line5WithoutEventTypeGoesToNullTable() {
        Row row = rows.get(4);
        assertThat(row.table()).isEqualTo("null_2020_08");
        assertThat(row.fields()).containsExactlyInAnyOrder(
                string("_geo_data_region", "null"), timestamp("2020-08-02T18:23:59.757719Z"),
                new Field("key1", DataType.FLOAT, new BigDecimal("9999999.0")), idOfLine(5));
    }

    @Test
    void line6TypesZipAsIntegerAndKeepsStringTen() {
        Row row = rows.get(5);
        assertThat(row.table()).isEqualTo("user_2020_08");
        assertThat(row.fields()).containsExactlyInAnyOrder(
                new Field("_geo_data_zip", DataType.INTEGER, 10128L), timestamp("2020-08-02T18:23:59.757719Z"),
                string("event_type", "user"), string("key1", "10"), string("key10", "[1,2,3,4]"),
                string("key3", "privvvv"), idOfLine(6));
    }

    @Test
    void line7GoesToTheJulyTable() {
        Row row = rows.get(6);
        assertThat(row.table()).isEqualTo("user_2020_07");
        assertThat(row.fields()).containsExactlyInAnyOrder(
                string("_geo_data_region", "NY"), timestamp("2020-07-02T18:23:59.757719Z"),
                string("event_type", "user"), new Field("key1", DataType.FLOAT, new BigDecimal("120.0")),
                string("key3", "privvvv"), idOfLine(7));
    }

    @Test
    void line8IsSkippedByTheTemplate() {
        assertThat(rows.get(7)).isNull();
    }
}
