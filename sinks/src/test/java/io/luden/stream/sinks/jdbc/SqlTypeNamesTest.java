package io.luden.stream.sinks.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlTypeNamesTest {

    @Test
    void plainTypeNamesAreSafe() {
        for (String t : new String[] {"text", "int", "numeric(38,18)", "timestamp(6) with time zone",
                "character varying(65535)", "text[]", "DOUBLE PRECISION", "jsonb", "UInt8"}) {
            assertThat(SqlTypeNames.isSafe(t)).as(t).isTrue();
        }
    }

    @Test
    void typesCarryingSqlAreNot() {
        for (String t : new String[] {"text); DROP TABLE x; --", "text -- c", "int /* c */", "text'", "\"t\"", "",
                "numeric(1,2,3)", "text, b int", "a".repeat(101)}) {
            assertThat(SqlTypeNames.isSafe(t)).as(t).isFalse();
        }
        assertThat(SqlTypeNames.isSafe(null)).isFalse();
    }

    @Test
    void baseNameDropsArgumentsAndCase() {
        assertThat(SqlTypeNames.base("Timestamp(6)  WITHOUT time zone")).isEqualTo("timestamp without time zone");
        assertThat(SqlTypeNames.decimalScale("numeric(38, 18)")).isEqualTo(18);
        assertThat(SqlTypeNames.decimalScale("numeric")).isEqualTo(-1);
        assertThat(SqlTypeNames.isApproximate("DOUBLE")).isTrue();
        assertThat(SqlTypeNames.isApproximate("decimal(10,2)")).isFalse();
        assertThat(SqlTypeNames.hasTimeZone("timestamptz")).isTrue();
        assertThat(SqlTypeNames.hasTimeZone("timestamp")).isFalse();
    }
}
