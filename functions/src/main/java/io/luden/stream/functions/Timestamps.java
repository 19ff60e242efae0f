package io.luden.stream.functions;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of "a timestamp" (SPEC §8): {@code YYYY-MM-DDTHH:MM:SS}, an optional
 * fraction of 1 to 9 digits, an optional zone {@code Z}, {@code ±HH:MM} or {@code ±HHMM}. Without a
 * zone the time is UTC. Date-only and space-separated forms are not timestamps; neither are
 * impossible dates ({@code 2022-02-30T...}), so a warehouse never sees a TIMESTAMP it rejects.
 */
public final class Timestamps {

    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})?");

    /** Jitsu's ingest format for {@code _timestamp}: always six fraction digits, always UTC. */
    private static final DateTimeFormatter INGEST_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static boolean isTimestamp(String text) {
        return parse(text) != null;
    }

    /** The time a timestamp string denotes, or null when the string is not one. */
    public static OffsetDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), nanos);
            return OffsetDateTime.of(local, offset(m.group(8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} in UTC, as Jitsu sets {@code _timestamp} at ingest. */
    public static String format(Instant instant) {
        return INGEST_FORMAT.format(instant);
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = Integer.parseInt(digits.substring(3, 5));
        if (minutes > 59) {
            throw new DateTimeException("minutes of offset out of range: " + zone);
        }
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
