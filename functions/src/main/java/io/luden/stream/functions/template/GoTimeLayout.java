package io.luden.stream.functions.template;

import java.time.OffsetDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Formats a time with a Go reference-time layout ({@code Mon Jan 2 15:04:05 MST 2006}): each
 * element of the reference time in the layout stands for that element of the time; everything
 * else is literal text. Elements are recognised in the same order and with the same
 * look-ahead as Go's {@code time.Format}, so {@code 2006_01} is year, {@code _}, month.
 */
final class GoTimeLayout {

    private GoTimeLayout() {}

    static String format(OffsetDateTime t, String layout) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < layout.length()) {
            int used = element(t, layout, i, out);
            if (used == 0) {
                out.append(layout.charAt(i));
                used = 1;
            }
            i += used;
        }
        return out.toString();
    }

    /** Appends the element starting at {@code i}, if any; returns how many layout chars it used. */
    private static int element(OffsetDateTime t, String layout, int i, StringBuilder out) {
        switch (layout.charAt(i)) {
            case 'J':
                if (layout.startsWith("January", i)) {
                    out.append(monthName(t, TextStyle.FULL));
                    return 7;
                }
                if (layout.startsWith("Jan", i)) {
                    out.append(monthName(t, TextStyle.SHORT));
                    return 3;
                }
                return 0;
            case 'M':
                if (layout.startsWith("Monday", i)) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                    return 6;
                }
                if (layout.startsWith("Mon", i)) {
                    out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                    return 3;
                }
                if (layout.startsWith("MST", i)) {
                    int offset = t.getOffset().getTotalSeconds();
                    out.append(offset == 0 ? "UTC" : zone(offset, false, false, true));
                    return 3;
                }
                return 0;
            case '0':
                if (i + 1 < layout.length() && layout.charAt(i + 1) >= '1' && layout.charAt(i + 1) <= '6') {
                    int[] values = {t.getMonthValue(), t.getDayOfMonth(), hour12(t), t.getMinute(), t.getSecond(),
                        Math.floorMod(t.getYear(), 100)};
                    out.append(pad(values[layout.charAt(i + 1) - '1'], 2, '0'));
                    return 2;
                }
                if (layout.startsWith("002", i)) {
                    out.append(pad(t.getDayOfYear(), 3, '0'));
                    return 3;
                }
                return 0;
            case '1':
                if (layout.startsWith("15", i)) {
                    out.append(pad(t.getHour(), 2, '0'));
                    return 2;
                }
                out.append(t.getMonthValue());
                return 1;
            case '2':
                if (layout.startsWith("2006", i)) {
                    out.append(pad(t.getYear(), 4, '0'));
                    return 4;
                }
                out.append(t.getDayOfMonth());
                return 1;
            case '_':
                if (layout.startsWith("_2", i) && !layout.startsWith("_2006", i)) {
                    out.append(pad(t.getDayOfMonth(), 2, ' '));
                    return 2;
                }
                if (layout.startsWith("__2", i)) {
                    out.append(pad(t.getDayOfYear(), 3, ' '));
                    return 3;
                }
                return 0; // "_2006" is a literal "_" followed by the year
            case '3':
                out.append(hour12(t));
                return 1;
            case '4':
                out.append(t.getMinute());
                return 1;
            case '5':
                out.append(t.getSecond());
                return 1;
            case 'P':
                return amPm(t, layout, i, "PM", out);
            case 'p':
                return amPm(t, layout, i, "pm", out);
            case '-':
            case 'Z':
                return zoneElement(t, layout, i, out);
            case '.':
            case ',':
                return fraction(t, layout, i, out);
            default:
                return 0;
        }
    }

    private static int amPm(OffsetDateTime t, String layout, int i, String marker, StringBuilder out) {
        if (!layout.startsWith(marker, i)) {
            return 0;
        }
        String am = marker.equals("PM") ? "AM" : "am";
        out.append(t.getHour() >= 12 ? marker : am);
        return 2;
    }

    /** -070000 -07:00:00 -0700 -07:00 -07 and their Z forms, which print Z for UTC. */
    private static int zoneElement(OffsetDateTime t, String layout, int i, StringBuilder out) {
        char lead = layout.charAt(i);
        String[] forms = {"070000", "07:00:00", "0700", "07:00", "07"};
        for (String form : forms) {
            if (layout.startsWith(form, i + 1)) {
                int offset = t.getOffset().getTotalSeconds();
                if (lead == 'Z' && offset == 0) {
                    out.append('Z');
                } else {
                    boolean colon = form.contains(":");
                    boolean seconds = form.length() == 6 || form.length() == 8;
                    boolean minutes = form.length() > 2;
                    out.append(zone(offset, colon, seconds, minutes));
                }
                return form.length() + 1;
            }
        }
        return 0;
    }

    private static String zone(int offsetSeconds, boolean colon, boolean seconds, boolean minutes) {
        int abs = Math.abs(offsetSeconds);
        StringBuilder z = new StringBuilder(offsetSeconds < 0 ? "-" : "+");
        z.append(pad(abs / 3600, 2, '0'));
        if (minutes) {
            z.append(colon ? ":" : "").append(pad(abs / 60 % 60, 2, '0'));
        }
        if (seconds) {
            z.append(colon ? ":" : "").append(pad(abs % 60, 2, '0'));
        }
        return z.toString();
    }

    /** {@code .000} (fixed digits) or {@code .999} (trailing zeros dropped), only if no digit follows. */
    private static int fraction(OffsetDateTime t, String layout, int i, StringBuilder out) {
        if (i + 1 >= layout.length() || (layout.charAt(i + 1) != '0' && layout.charAt(i + 1) != '9')) {
            return 0;
        }
        char digit = layout.charAt(i + 1);
        int j = i + 1;
        while (j < layout.length() && layout.charAt(j) == digit) {
            j++;
        }
        if (j < layout.length() && Character.isDigit(layout.charAt(j))) {
            return 0;
        }
        int count = Math.min(j - i - 1, 9);
        String digits = pad(t.getNano(), 9, '0').substring(0, count);
        if (digit == '9') {
            digits = digits.replaceAll("0+$", "");
            if (digits.isEmpty()) {
                return j - i;
            }
        }
        out.append(layout.charAt(i)).append(digits);
        return j - i;
    }

    private static int hour12(OffsetDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String monthName(OffsetDateTime t, TextStyle style) {
        return t.getMonth().getDisplayName(style, Locale.ENGLISH);
    }

    private static String pad(int value, int width, char with) {
        String digits = Integer.toString(Math.abs(value));
        StringBuilder s = new StringBuilder(value < 0 ? "-" : "");
        for (int k = digits.length(); k < width; k++) {
            s.append(with);
        }
        return s.append(digits).toString();
    }
}
