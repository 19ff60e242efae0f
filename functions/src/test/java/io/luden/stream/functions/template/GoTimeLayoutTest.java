package io.luden.stream.functions.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class GoTimeLayoutTest {

    /** A Tuesday afternoon, with a fraction that shows fixed and trimmed digits apart. */
    private static final OffsetDateTime T = OffsetDateTime.parse("2021-03-09T15:04:05.120300Z");
    private static final OffsetDateTime MORNING = OffsetDateTime.parse("2021-11-25T00:07:08Z");

    @Test
    void formatsDateElements() {
        assertThat(GoTimeLayout.format(T, "2006_01")).isEqualTo("2021_03");
        assertThat(GoTimeLayout.format(T, "06 1 01 Jan January")).isEqualTo("21 3 03 Mar March");
        assertThat(GoTimeLayout.format(T, "2 02 _2 Mon Monday")).isEqualTo("9 09  9 Tue Tuesday");
        assertThat(GoTimeLayout.format(T, "002 __2")).isEqualTo("068  68");
    }

    @Test
    void formatsClockElements() {
        assertThat(GoTimeLayout.format(T, "15 03 3 04 4 05 5 PM pm")).isEqualTo("15 03 3 04 4 05 5 PM pm");
        assertThat(GoTimeLayout.format(MORNING, "15 03 3 04 4 05 5 PM pm")).isEqualTo("00 12 12 07 7 08 8 AM am");
    }

    @Test
    void formatsFractionsFixedOrTrimmed() {
        assertThat(GoTimeLayout.format(T, "05.000")).isEqualTo("05.120");
        assertThat(GoTimeLayout.format(T, "05.000000")).isEqualTo("05.120300");
        assertThat(GoTimeLayout.format(T, "05.999999999")).isEqualTo("05.1203");
        assertThat(GoTimeLayout.format(MORNING, "05.999999999")).isEqualTo("08");
        assertThat(GoTimeLayout.format(T, "05,000")).isEqualTo("05,120");
    }

    @Test
    void formatsUtcZones() {
        assertThat(GoTimeLayout.format(T, "MST Z07:00 Z0700 -07:00 -0700 -07")).isEqualTo("UTC Z Z +00:00 +0000 +00");
    }

    @Test
    void formatsTheRfc3339AndTimeStringLayouts() {
        assertThat(GoTimeLayout.format(T, "2006-01-02T15:04:05.999999999Z07:00")).isEqualTo("2021-03-09T15:04:05.1203Z");
        assertThat(GoTimeLayout.format(T, "Mon Jan _2 15:04:05 MST 2006")).isEqualTo("Tue Mar  9 15:04:05 UTC 2021");
    }

    @Test
    void keepsOtherTextLiteral() {
        assertThat(GoTimeLayout.format(T, "year=2006, week-day: Mon!")).isEqualTo("year=2021, week-day: Tue!");
        assertThat(GoTimeLayout.format(T, "_2006")).isEqualTo("_2021");
        assertThat(GoTimeLayout.format(T, "x.05")).isEqualTo("x.05");
    }
}
