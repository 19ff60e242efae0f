package io.luden.stream.sinks;

import io.luden.stream.sinks.jdbc.SqlTypeNames;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Turns a row value into what is bound for an EXISTING column, only when that is exact (SPEC §9):
 * never rounds, truncates or guesses. Pure: no connection, no state.
 *
 * <p>Bound values: {@link Boolean}, {@link Long}, {@link Double} (binary float columns),
 * {@link BigDecimal} (numeric/decimal columns), {@link String}, {@link LocalDateTime} (UTC, for
 * {@code timestamp}) and {@link OffsetDateTime} (UTC, for {@code timestamp with time zone}).
 */
public final class ValueConverter {
    /** JSON's number grammar: no leading zeros, no '+', no hex, no NaN, so "007" stays text. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final int MAX_VALUE_IN_MESSAGE = 200;

    private ValueConverter() {}

    /**
     * The value to bind for {@code field} into column {@code field.column()} of {@code table} whose
     * warehouse type is {@code columnType} and category {@code category} (null: a type we don't
     * categorise — the text form is returned and the caller casts it to the column's type in SQL).
     */
    public static Object convert(String table, Field field, String columnType, DataType category) throws WarehouseException {
        Object value = normalise(field.value());
        if (category == null) {
            return text(value);
        }
        switch (category) {
            case STRING:
                return text(value);
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                throw refused(table, field, columnType, "not a boolean");
            case INTEGER:
                return toInteger(table, field, columnType, value);
            case FLOAT:
                return toFloat(table, field, columnType, value);
            case TIMESTAMP:
                return toTimestamp(table, field, columnType, value);
            default:
                throw new IllegalStateException("unhandled category " + category);
        }
    }

    /** The value's text as it was in the event's JSON: {@code 50.0} → "50.0", {@code true} → "true". */
    public static String text(Object value) {
        Object v = normalise(value);
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            // a negative scale came from an exponent (1e5): keep it an exponent rather than invent digits
            return d.scale() < 0 ? d.toString() : d.toPlainString();
        }
        return String.valueOf(v);
    }

    /** A {@link Timestamps timestamp} as a UTC local date-time (zone-less means UTC), microseconds kept. */
    public static LocalDateTime parseUtcTimestamp(String s) {
        OffsetDateTime t = Timestamps.parse(s);
        if (t == null) {
            throw new DateTimeParseException("not an ISO-8601 date-time", s, 0);
        }
        // the warehouses keep microseconds; cut nanoseconds here so both databases store the same value
        return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.MICROS);
    }

    private static Object toInteger(String table, Field field, String columnType, Object value) throws WarehouseException {
        if (value instanceof Long) {
            return value;
        }
        BigDecimal number = value instanceof BigDecimal ? (BigDecimal) value : numericString(value);
        if (number == null) {
            throw refused(table, field, columnType, "not an integer");
        }
        if (!isIntegral(number)) {
            throw refused(table, field, columnType, "has a fraction; it is never rounded");
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            throw refused(table, field, columnType, "out of the 64-bit integer range");
        }
    }

    private static Object toFloat(String table, Field field, String columnType, Object value) throws WarehouseException {
        BigDecimal number;
        if (value instanceof Long) {
            number = BigDecimal.valueOf((Long) value);
        } else if (value instanceof BigDecimal) {
            number = (BigDecimal) value;
        } else {
            number = numericString(value);
        }
        if (number == null) {
            throw refused(table, field, columnType, "not a number");
        }
        boolean integer = value instanceof Long || (value instanceof String && isIntegral(number) && !hasFraction((String) value));
        if (SqlTypeNames.isApproximate(columnType)) {
            double d = number.doubleValue();
            if (Double.isInfinite(d)) {
                throw refused(table, field, columnType, "out of the floating point range");
            }
            if (d == 0 && number.signum() != 0) {
                throw refused(table, field, columnType, "nearer to 0 than a double can hold; it is never rounded to 0");
            }
            // an integer must survive the trip exactly (2^53+1 would not); a float is a float either way
            if (integer && new BigDecimal(d).compareTo(number) != 0) {
                throw refused(table, field, columnType, "not exactly representable as a double");
            }
            return d;
        }
        int scale = SqlTypeNames.decimalScale(columnType);
        if (scale >= 0 && number.stripTrailingZeros().scale() > scale) {
            throw refused(table, field, columnType, "has more than " + scale + " decimal places; it is never rounded");
        }
        int precision = scale < 0 ? -1 : SqlTypeNames.decimalPrecision(columnType);
        if (precision > 0) {
            // at the column's scale (exact: checked above), so a driver binds the digits the column keeps
            // (DuckDB's stores a decimal of more than 38 digits as NULL and refuses a negative scale)
            BigDecimal exact = number.setScale(scale);
            if (exact.precision() > precision) {
                throw refused(table, field, columnType, "has more than " + (precision - scale)
                        + " digits before the decimal point");
            }
            return exact;
        }
        return number;
    }

    private static Object toTimestamp(String table, Field field, String columnType, Object value) throws WarehouseException {
        if (!(value instanceof String)) {
            throw refused(table, field, columnType, "not an ISO-8601 date-time");
        }
        LocalDateTime utc;
        try {
            utc = parseUtcTimestamp((String) value);
        } catch (DateTimeParseException e) {
            throw refused(table, field, columnType, "not an ISO-8601 date-time");
        }
        return SqlTypeNames.hasTimeZone(columnType) ? utc.atOffset(ZoneOffset.UTC) : utc;
    }

    private static BigDecimal numericString(Object value) {
        if (!(value instanceof String) || !JSON_NUMBER.matcher((String) value).matches()) {
            return null;
        }
        try {
            return new BigDecimal((String) value);
        } catch (NumberFormatException e) { // an exponent beyond BigDecimal's range
            return null;
        }
    }

    private static boolean hasFraction(String s) {
        return s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0;
    }

    private static boolean isIntegral(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** Be lenient about the Java type a producer used for a JSON number. */
    private static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
            return new BigDecimal(v.toString());
        }
        return v;
    }

    private static WarehouseException refused(String table, Field field, String columnType, String reason) {
        String value = text(field.value());
        if (value.length() > MAX_VALUE_IN_MESSAGE) {
            value = value.substring(0, MAX_VALUE_IN_MESSAGE) + "…";
        }
        String shown = field.value() instanceof String ? "\"" + value + "\"" : value;
        return WarehouseException.data("column \"" + field.column() + "\" of table \"" + table + "\" has type "
                + columnType + "; value " + shown + " (" + field.type() + ") " + reason);
    }
}
