package io.luden.stream.functions.template;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * {@code _timestamp} as a Go template sees it: a time with the methods of Go's {@code time.Time}
 * that a table name needs ({@code {{._timestamp.Format "2006_01"}}}). Always in UTC, so the same
 * event lands in the same monthly table whatever offset its timestamp was written with.
 */
record GoTime(OffsetDateTime time) {

    static final Set<String> METHODS =
            Set.of("Format", "Year", "YearDay", "Day", "Hour", "Minute", "Second", "Nanosecond", "Unix", "UnixMilli",
                    "UTC", "String");

    GoTime {
        time = time.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Calls method {@code name}; an unknown method or a wrong argument is a TemplateException. */
    Object call(String name, List<Object> args, String where) throws TemplateException {
        if (name.equals("Format")) {
            if (args.size() != 1 || !(args.get(0) instanceof String)) {
                throw new TemplateException(where + "Format takes one string layout, got " + args.size() + " argument(s)");
            }
            return GoTimeLayout.format(time, (String) args.get(0));
        }
        if (!args.isEmpty()) {
            throw new TemplateException(where + "method " + name + " takes no arguments, got " + args.size());
        }
        switch (name) {
            case "Year": return (long) time.getYear();
            case "YearDay": return (long) time.getDayOfYear();
            case "Day": return (long) time.getDayOfMonth();
            case "Hour": return (long) time.getHour();
            case "Minute": return (long) time.getMinute();
            case "Second": return (long) time.getSecond();
            case "Nanosecond": return (long) time.getNano();
            case "Unix": return time.toEpochSecond();
            case "UnixMilli": return time.toInstant().toEpochMilli();
            case "UTC": return this;
            case "String": return GoTemplateValues.print(this);
            default:
                throw new TemplateException(where + "can't evaluate field " + name + " of a time; its methods are "
                        + String.join(", ", new java.util.TreeSet<>(METHODS)));
        }
    }
}
