package io.luden.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnNamesTest {

    @Test
    void lowerCasesAndReplacesEveryOtherCharacterWithUnderscore() {
        assertThat(ColumnNames.sanitize("camelCase")).isEqualTo("camelcase");
        assertThat(ColumnNames.sanitize("ke$y1")).isEqualTo("ke_y1");
        assertThat(ColumnNames.sanitize("(ke!y2")).isEqualTo("_ke_y2");
        assertThat(ColumnNames.sanitize("Test Name; DROP DATABASE public;"))
                .isEqualTo("test_name__drop_database_public_");
    }

    @Test
    void replacesEachUnicodeCodePointWithOneUnderscore() {
        assertThat(ColumnNames.sanitize("Université")).isEqualTo("universit_");
        assertThat(ColumnNames.sanitize("Имя")).isEqualTo("___");
        assertThat(ColumnNames.sanitize("a😀b")).isEqualTo("a_b");
    }

    @Test
    void namesAnEmptyKeyUnnamed() {
        assertThat(ColumnNames.sanitize("")).isEqualTo("_unnamed");
        assertThat(ColumnNames.reformat("")).isEmpty();
    }

    @Test
    void foldsLongPartsToTwoCharactersAsJitsuDoes() {
        assertThat(ColumnNames.fold("firstname_lastname_middlename_country", 12)).isEqualTo("fi_la_mi_co");
    }

    @Test
    void keepsTheTailWhenNoPartCanBeShortened() {
        assertThat(ColumnNames.fold("fi_la_mi_co_ci", 12)).isEqualTo("_la_mi_co_ci");
    }

    @Test
    void keepsTheTailOfANameWithoutUnderscores() {
        assertThat(ColumnNames.fold("country", 6)).isEqualTo("ountry");
    }

    @Test
    void stopsFoldingAsSoonAsTheNameFits() {
        assertThat(ColumnNames.fold("firstname_lastname_middlename_country", 25)).isEqualTo("fi_la_middlename_country");
        assertThat(ColumnNames.fold("short", 59)).isEqualTo("short");
    }

    @Test
    void leavesNamesAloneWithoutALimit() {
        String name = "x".repeat(300);

        assertThat(ColumnNames.fold(name, 0)).isEqualTo(name);
    }
}
