package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bulker's hostile-identifier event (testdata/bulker) through RowBuilder with Postgres' limit. */
class BulkerIdentifiersTest {

    private static final int POSTGRES_LIMIT = 59;
    private static final String LONG_KEY = "lorem_ipsum_dolor_sit_amet_consectetur_adipiscing_elit_sed_do_eiusmod_tempor"
            + "_incididunt_ut_labore_et_dolore_magna_aliqua_ut_enim_ad_minim_veniam_quis_nostrud_exercitation_ullamco"
            + "_laboris_nisi_ut_aliquip_ex_ea_commodo_consequat";
    private static Row row;

    @BeforeAll
    static void buildTheRow() throws Exception {
        String line = Files.readAllLines(TestData.path("bulker/bulker_identifiers.ndjson"),
                StandardCharsets.UTF_8).get(0);
        row = RowBuilder.build("identifiers", "id", Events.parse(line), POSTGRES_LIMIT);
    }

    @Test
    void makesEveryKeyAValidSanitisedColumnWithItsValue() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 0L);
        expected.put("name", "dummy");
        expected.put("__", 1L);                                   // ?!
        expected.put("___", 2L);                                  // %#@
        expected.put("_".repeat(10), 3L);                         // 秒速５センチメートル: ten code points
        expected.put("universit__fran_ais", 4L);
        expected.put("_".repeat(12), 5L);                         // Странное Имя
        expected.put("test_name__drop_database_public__select_1_from_dual_", 6L);
        expected.put("test_name", 7L);
        expected.put("1test_name", 8L);
        expected.put("2", 9L);
        expected.put("_unnamed", 10L);
        expected.put(foldedLongKey(), 11L);
        expected.put("camelcase", 12L);
        expected.put("int", 13L);
        expected.put("user", 14L);
        expected.put("select", 15L);
        expected.put("__root__", 16L);
        expected.put("hash", 17L);
        expected.put("default", 18L);
        expected.put("current_time", 19L);

        Map<String, Object> actual = row.fields().stream()
                .filter(f -> !f.column().equals("_timestamp"))
                .collect(Collectors.toMap(Field::column, Field::value));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(row.fields()).allSatisfy(f -> {
            assertThat(f.column()).matches("[a-z0-9_]+").hasSizeLessThanOrEqualTo(POSTGRES_LIMIT);
        });
    }

    @Test
    void foldsTheOverLongKeyToTheLimit() {
        String folded = foldedLongKey();

        assertThat(LONG_KEY).hasSizeGreaterThan(200);
        assertThat(folded).hasSize(POSTGRES_LIMIT);
        assertThat(row.field(folded).value()).isEqualTo(11L);
    }

    @Test
    void typesTheTimestampAndTheIntegers() {
        assertThat(row.field("_timestamp")).isEqualTo(new Field("_timestamp", DataType.TIMESTAMP, "2022-08-18T14:17:22.375Z"));
        assertThat(row.fields()).filteredOn(f -> !f.column().equals("_timestamp") && !f.column().equals("name"))
                .allSatisfy(f -> assertThat(f.type()).isEqualTo(DataType.INTEGER));
    }

    /** Every word cut to 2 letters still leaves 101 characters, so Jitsu's rule keeps the last 59. */
    private static String foldedLongKey() {
        String allCut = Arrays.stream(LONG_KEY.split("_"))
                .map(w -> w.length() > 2 ? w.substring(0, 2) : w)
                .collect(Collectors.joining("_"));
        return allCut.substring(allCut.length() - POSTGRES_LIMIT);
    }
}
