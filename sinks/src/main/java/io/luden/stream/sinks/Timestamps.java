package io.luden.stream.sinks;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one definition of "a timestamp" (SPEC §8, §9), for typing a value, the always-timestamp
 * columns, {@code _timestamp.Format} and binding a value to a timestamp column alike: an RFC 3339
 * date-time {@code YYYY-MM-DDTHH:MM:SS}, where RFC 3339 allows {@code t} for {@code T} and
 * {@code z} for {@code Z}, and (its §5.6 note, and ISO-8601) a single space between date and time;
 * an optional fraction of 1 to 9 digits; an optional zone {@code Z}, {@code ±HH:MM}, {@code ±HHMM}
 * or {@code ±HH}. Without a zone the time is UTC. Not timestamps: a date alone, a time without
 * seconds, and impossible dates or times ({@code 2022-02-30}, {@code 24:00}), so a warehouse never
 * gets a value that it rejects or that was silently moved to another day.
 */
public final class Timestamps {

    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?");

    /** Jitsu's ingest format for {@code _timestamp}: always six fraction digits, always UTC. */
    private static final DateTimeFormatter INGEST_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static boolean isTimestamp(String text) {
        return parse(text) != null;
    }

    /** The time a timestamp string denotes, with the offset it was written with, or null when the string is not one. */
    public static OffsetDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        // the form is read by hand: a batch parses thousands of timestamps, and the regex was most of the
        // cost of converting a row; parseByForm is the definition, and TimestampsTest holds the two equal
        try {
            return read(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@link #parse} by the regular expression {@link #FORM}: the definition the hand-written reader follows. */
    static OffsetDateTime parseByForm(String text) {
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

    /** {@link #FORM} read character by character; null when the text is not of the form. */
    private static OffsetDateTime read(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int pos = 19;
        int nanos = 0;
        if (pos < n && s.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && isDigit(s.charAt(pos))) {
                pos++;
            }
            int length = pos - start;
            if (length < 1 || length > 9) {
                return null;
            }
            nanos = digits(s, start, length);
            for (int i = length; i < 9; i++) {
                nanos *= 10;
            }
        }
        String zone = null;
        if (pos < n) {
            char c = s.charAt(pos);
            int rest = n - pos;
            boolean valid;
            if (c == 'Z' || c == 'z') {
                valid = rest == 1;
            } else if (c == '+' || c == '-') {
                valid = (rest == 3 && digits(s, pos + 1, 2) >= 0)
                        || (rest == 5 && digits(s, pos + 1, 4) >= 0)
                        || (rest == 6 && s.charAt(pos + 3) == ':' && digits(s, pos + 1, 2) >= 0 && digits(s, pos + 4, 2) >= 0);
            } else {
                valid = false;
            }
            if (!valid) {
                return null;
            }
            zone = s.substring(pos);
        }
        return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos), offset(zone));
    }

    /** The number written by {@code length} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} in UTC, as Jitsu sets {@code _timestamp} at ingest. */
    public static String format(Instant instant) {
        return INGEST_FORMAT.format(instant);
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() == 3 ? 0 : Integer.parseInt(digits.substring(3, 5));
        if (minutes > 59) {
            throw new DateTimeException("minutes of offset out of range: " + zone);
        }
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
