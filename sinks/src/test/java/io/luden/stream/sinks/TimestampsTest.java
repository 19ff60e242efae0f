package io.luden.stream.sinks;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    private static Instant instant(String text) {
        OffsetDateTime t = Timestamps.parse(text);
        assertThat(t).as("%s is a timestamp", text).isNotNull();
        return t.toInstant();
    }

    @Test
    void readsTheUpperCaseRfc3339Form() {
        assertThat(Timestamps.parse("2020-06-16T23:00:00.123456789+03:00"))
                .isEqualTo(OffsetDateTime.parse("2020-06-16T23:00:00.123456789+03:00"));
        assertThat(instant("2020-08-02T18:23:56.291383Z")).isEqualTo(Instant.parse("2020-08-02T18:23:56.291383Z"));
    }

    @Test
    void readsLowerCaseTAndZAsTheUpperCaseForm() {
        assertThat(instant("2020-06-16t23:00:00z")).isEqualTo(Instant.parse("2020-06-16T23:00:00Z"));
        assertThat(instant("2020-06-16t23:00:00.5z")).isEqualTo(Instant.parse("2020-06-16T23:00:00.500Z"));
        assertThat(instant("2020-06-16T23:00:00z")).isEqualTo(Instant.parse("2020-06-16T23:00:00Z"));
        assertThat(instant("2020-06-16t23:00:00-01:30")).isEqualTo(Instant.parse("2020-06-17T00:30:00Z"));
    }

    @Test
    void readsASpaceBetweenDateAndTimeAsT() {
        assertThat(instant("2020-06-16 23:00:00Z")).isEqualTo(Instant.parse("2020-06-16T23:00:00Z"));
        assertThat(instant("2020-06-16 23:00:00.123456z")).isEqualTo(Instant.parse("2020-06-16T23:00:00.123456Z"));
        assertThat(instant("2020-06-16 23:00:00+02:00")).isEqualTo(Instant.parse("2020-06-16T21:00:00Z"));
        // Postgres's own text form of a timestamptz
        assertThat(instant("2020-06-16 23:00:00.25+02")).isEqualTo(Instant.parse("2020-06-16T21:00:00.250Z"));
        assertThat(instant("2020-06-16 23:00:00")).isEqualTo(Instant.parse("2020-06-16T23:00:00Z"));
    }

    @Test
    void zonelessIsUtcAndOffsetsMayBeExtendedBasicOrHoursOnly() {
        assertThat(instant("2020-06-16T23:00:00")).isEqualTo(Instant.parse("2020-06-16T23:00:00Z"));
        assertThat(instant("2020-06-16T23:00:00+0530")).isEqualTo(Instant.parse("2020-06-16T17:30:00Z"));
        assertThat(instant("2020-06-16T23:00:00-05")).isEqualTo(Instant.parse("2020-06-17T04:00:00Z"));
        assertThat(Timestamps.parse("2020-06-16T23:00:00-05").getOffset().getTotalSeconds()).isEqualTo(-5 * 3600);
    }

    @Test
    void keepsNanosecondsOfANineDigitFraction() {
        assertThat(Timestamps.parse("2020-06-16 23:00:00.000000001z").getNano()).isEqualTo(1);
    }

    @Test
    void dateOnlyMinutesOnlyImpossibleAndMalformedStringsAreNotTimestamps() {
        for (String s : new String[] {"2022-08-18", "2022-08-18 ", "2022-08-18T14:17", "2022-08-18 14:17Z",
            "2022-08-18  14:17:22", "2022-08-18\t14:17:22", "2022-08-18x14:17:22", " 2022-08-18T14:17:22Z",
            "2022-08-18T14:17:22Z ", "2022-08-18T14:17:22 Z", "2022-08-18T14:17:22.Z", "2022-08-18T14:17:22.1234567890Z",
            "2022-02-30T10:00:00Z", "2022-02-29 10:00:00", "2022-08-18T24:00:00Z", "2022-08-18T14:60:00Z",
            "2022-08-18T14:17:60Z", "2022-08-18T14:17:22+05:60", "2022-08-18T14:17:22+19:00", "2022-08-18T14:17:22+5",
            "2022-08-18T14:17:22UTC", "20220818T141722Z", "yesterday", "", "10"}) {
            assertThat(Timestamps.parse(s)).as("'%s'", s).isNull();
            assertThat(Timestamps.isTimestamp(s)).as("'%s'", s).isFalse();
        }
        assertThat(Timestamps.parse(null)).isNull();
    }

    @Test
    void formatsTheReadTimeAsJitsuIngestDoes() {
        assertThat(Timestamps.format(Instant.parse("2024-03-05T07:08:09.123456789Z"))).isEqualTo("2024-03-05T07:08:09.123456Z");
        assertThat(Timestamps.format(Instant.parse("2024-03-05T07:08:09Z"))).isEqualTo("2024-03-05T07:08:09.000000Z");
    }

    /** The hand-written reader of parse() and the regular expression that defines the form agree, also on near misses. */
    @Test
    void parseAgreesWithTheFormOnManyNearMisses() {
        String[] seeds = {"2020-06-16T23:00:00", "2020-06-16t23:00:00.123456789z", "0000-01-01 00:00:00.1+05:30",
                "9999-12-31T23:59:59.999999999-0959", "2022-02-30T04:05:06Z", "2020-06-16T24:00:00+02",
                "2020-06-16T23:00:00+19:00", "2020-06-16T23:00:00+05:60", "2020-06-16T23:00:00.Z"};
        String alphabet = "0123456789-:.TtZz +x\u0661";
        java.util.Random random = new java.util.Random(42);
        java.util.List<String> cases = new java.util.ArrayList<>();
        for (String seed : seeds) {
            cases.add(seed);
            for (int k = 0; k < 3000; k++) {
                StringBuilder b = new StringBuilder(seed);
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    int at = random.nextInt(b.length() + 1);
                    switch (random.nextInt(3)) {
                        case 0: if (at < b.length()) { b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); } break;
                        case 1: b.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                        default: if (at < b.length()) { b.deleteCharAt(at); } break;
                    }
                }
                cases.add(b.toString());
            }
        }
        for (String c : cases) {
            assertThat(Timestamps.parse(c)).as(c).isEqualTo(Timestamps.parseByForm(c));
        }
        assertThat(cases.stream().filter(c -> Timestamps.parse(c) != null).count()).isGreaterThan(500);
    }
}
