package io.luden.stream.sinks.testing.snowflake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type of the fake Snowflake, with Snowflake's names and assignment rules as far as the
 * tests need them: {@code TEXT}/{@code VARCHAR(n)}, {@code NUMBER(p,s)} (BIGINT, INTEGER … are
 * NUMBER(38,0)), {@code FLOAT} (DOUBLE PRECISION, REAL …), {@code BOOLEAN}, {@code DATE},
 * {@code TIMESTAMP_NTZ(p)} (TIMESTAMP, DATETIME), {@code TIMESTAMP_TZ(p)}.
 */
final class FakeType {
    enum Kind { TEXT, NUMBER, FLOAT, BOOLEAN, DATE, TIMESTAMP_NTZ, TIMESTAMP_TZ }

    static final int MAX_TEXT = 16_777_216;
    static final FakeType TEXT = new FakeType(Kind.TEXT, MAX_TEXT, 0);
    static final FakeType BIGINT = new FakeType(Kind.NUMBER, 38, 0);
    static final FakeType COUNT = new FakeType(Kind.NUMBER, 18, 0);
    static final FakeType FLOAT = new FakeType(Kind.FLOAT, 0, 0);
    static final FakeType BOOLEAN = new FakeType(Kind.BOOLEAN, 0, 0);
    static final FakeType NTZ9 = new FakeType(Kind.TIMESTAMP_NTZ, 9, 0);

    private static final Pattern ARGS = Pattern.compile("^([A-Z_ ]+?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?$");

    final Kind kind;
    /** TEXT: length; NUMBER: precision; timestamps: fraction digits. */
    final int size;
    final int scale;

    FakeType(Kind kind, int size, int scale) {
        this.kind = kind;
        this.size = size;
        this.scale = scale;
    }

    /** A type as written in DDL or a cast; an unknown name is Snowflake's 002040-style compilation error. */
    static FakeType parse(String written) {
        Matcher m = ARGS.matcher(written.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
        if (!m.matches()) {
            throw FakeError.compilation("002040", "Unsupported data type '" + written + "'.");
        }
        String name = m.group(1).strip();
        Integer a = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer b = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        switch (name) {
            case "TEXT": case "STRING": case "VARCHAR": case "CHARACTER VARYING": case "CHAR VARYING":
                return new FakeType(Kind.TEXT, a == null ? MAX_TEXT : a, 0);
            case "CHAR": case "CHARACTER":
                return new FakeType(Kind.TEXT, a == null ? 1 : a, 0);
            case "BIGINT": case "INTEGER": case "INT": case "SMALLINT": case "TINYINT": case "BYTEINT":
                return BIGINT;
            case "NUMBER": case "DECIMAL": case "NUMERIC":
                return new FakeType(Kind.NUMBER, a == null ? 38 : a, b == null ? 0 : b);
            case "FLOAT": case "FLOAT4": case "FLOAT8": case "DOUBLE": case "DOUBLE PRECISION": case "REAL":
                return FLOAT;
            case "BOOLEAN":
                return BOOLEAN;
            case "DATE":
                return new FakeType(Kind.DATE, 0, 0);
            case "TIMESTAMP": case "TIMESTAMP_NTZ": case "DATETIME": case "TIMESTAMP WITHOUT TIME ZONE":
                return new FakeType(Kind.TIMESTAMP_NTZ, a == null ? 9 : a, 0);
            case "TIMESTAMP_TZ": case "TIMESTAMP_LTZ": case "TIMESTAMP WITH TIME ZONE":
                return new FakeType(Kind.TIMESTAMP_TZ, a == null ? 9 : a, 0);
            default:
                throw FakeError.compilation("002040", "Unsupported data type '" + written + "'.");
        }
    }

    /** information_schema.columns.data_type. */
    String dataType() {
        return kind.name();
    }

    @Override
    public String toString() {
        switch (kind) {
            case TEXT: return size == MAX_TEXT ? "TEXT" : "VARCHAR(" + size + ")";
            case NUMBER: return "NUMBER(" + size + "," + scale + ")";
            case TIMESTAMP_NTZ: case TIMESTAMP_TZ: return kind + "(" + size + ")";
            default: return kind.name();
        }
    }

    private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendPattern("HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    /**
     * {@code value} (String, BigDecimal, Double, Boolean, LocalDateTime, OffsetDateTime, LocalDate or
     * null) as this type stores it; what Snowflake refuses is a {@link FakeError} with its code and
     * SQLState. Like Snowflake, a NUMBER rounds extra decimals (the writer must never send any).
     */
    Object assign(Object value) {
        if (value == null) {
            return null;
        }
        switch (kind) {
            case TEXT: {
                String s = text(value);
                if (s.length() > size) {
                    throw new FakeError("100074", "22000", "String '" + s + "' is too long and would be truncated");
                }
                return s;
            }
            case NUMBER: {
                BigDecimal d = number(value);
                BigDecimal r = d.setScale(scale, RoundingMode.HALF_UP);
                if (r.precision() - r.scale() > size - scale) {
                    throw new FakeError("100039", "22003", "Numeric value '" + d + "' is out of range");
                }
                return r;
            }
            case FLOAT:
                if (value instanceof Double) {
                    return value;
                }
                return number(value).doubleValue();
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                String b = text(value).strip().toLowerCase(Locale.ROOT);
                if (b.equals("true") || b.equals("1")) {
                    return true;
                }
                if (b.equals("false") || b.equals("0")) {
                    return false;
                }
                throw new FakeError("100037", "22018", "Boolean value '" + b + "' is not recognized");
            case DATE:
                if (value instanceof LocalDate) {
                    return value;
                }
                return timestamp(value).toLocalDate();
            case TIMESTAMP_NTZ:
                return truncate(timestamp(value));
            case TIMESTAMP_TZ: {
                OffsetDateTime t = value instanceof OffsetDateTime ? (OffsetDateTime) value
                        : timestamp(value).atOffset(ZoneOffset.UTC);
                return t.withNano(truncate(t.toLocalDateTime()).getNano());
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private LocalDateTime truncate(LocalDateTime t) {
        int unit = (int) Math.pow(10, 9 - size);
        return t.withNano(t.getNano() / unit * unit);
    }

    static String text(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "true" : "false";
        }
        if (value instanceof LocalDateTime) {
            return timestampText((LocalDateTime) value);
        }
        if (value instanceof Double) {
            double d = (Double) value;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return value.toString();
    }

    /** Snowflake's default TIMESTAMP_NTZ text: fraction digits only when there are any. */
    static String timestampText(LocalDateTime t) {
        String s = t.toLocalDate() + " " + t.toLocalTime().withNano(0);
        if (t.getSecond() == 0 && s.length() == 16) {
            s += ":00";
        }
        if (t.getNano() != 0) {
            String f = String.format(Locale.ROOT, "%09d", t.getNano()).replaceAll("0+$", "");
            s += "." + f;
        }
        return s;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof Double) {
            return BigDecimal.valueOf((Double) value);
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(text(value).strip());
        } catch (NumberFormatException e) {
            throw new FakeError("100038", "22018", "Numeric value '" + text(value) + "' is not recognized");
        }
    }

    private static LocalDateTime timestamp(Object value) {
        if (value instanceof LocalDateTime) {
            return (LocalDateTime) value;
        }
        if (value instanceof OffsetDateTime) {
            return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof LocalDate) {
            return ((LocalDate) value).atStartOfDay();
        }
        String s = text(value).strip();
        try {
            var parsed = INPUT.parse(s);
            LocalDate day = LocalDate.from(parsed);
            LocalDateTime t = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalDateTime.of(day, java.time.LocalTime.from(parsed)) : day.atStartOfDay();
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                t = t.atOffset(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
                        .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return t;
        } catch (java.time.DateTimeException e) {
            throw new FakeError("100035", "22007", "Timestamp '" + s + "' is not recognized");
        }
    }
}
