package io.luden.stream.functions.template;

import io.luden.stream.functions.Events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The values a {@link GoTemplate} computes with, and Go's rules for them. A value is a String,
 * Long or BigInteger (integers), BigDecimal (floats, scale kept), Boolean, an object or array
 * {@link JsonNode}, a {@link GoTime}, or {@link #NIL} — Go's "no value" for a missing key or a
 * JSON null (Go treats both alike when printing and testing).
 */
final class GoTemplateValues {

    /** A missing field, a JSON null or {@code nil}: prints as {@code <no value>}, is false. */
    static final Object NIL = new Object() {
        @Override
        public String toString() {
            return NO_VALUE;
        }
    };

    /** What Go prints for a missing value; TableNameTemplate replaces it by {@code null}. */
    static final String NO_VALUE = "<no value>";

    /** Go's {@code time.Time.String()} layout. */
    private static final String TIME_STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoTemplateValues() {}

    static Object integer(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0 ? (Object) value.longValue() : value;
    }

    /** The template value of one JSON node of the event (null or absent → NIL). */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NIL;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node; // object or array
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal;
    }

    static BigDecimal toDecimal(Object number) {
        if (number instanceof BigDecimal) {
            return (BigDecimal) number;
        }
        if (number instanceof BigInteger) {
            return new BigDecimal((BigInteger) number);
        }
        return BigDecimal.valueOf((Long) number);
    }

    /** Go's truth: false, 0, nil, "" and empty objects/arrays are false; everything else true. */
    static boolean isTrue(Object v) {
        if (v == NIL) {
            return false;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (isNumber(v)) {
            return toDecimal(v).signum() != 0;
        }
        if (v instanceof String) {
            return !((String) v).isEmpty();
        }
        if (v instanceof JsonNode) {
            return ((JsonNode) v).size() > 0;
        }
        return true; // a time, like any Go struct
    }

    /**
     * How {@code {{value}}} prints: strings as is; integers in decimal; floats as their JSON text
     * ({@code 1.0} → {@code 1.0}, as Jitsu's json.Number prints); objects and arrays as compact JSON
     * (Go would print its map syntax, which no table name wants); times as Go's Time.String().
     */
    static String print(Object v) {
        if (v == NIL) {
            return NO_VALUE;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof JsonNode) {
            return Events.toJson((JsonNode) v);
        }
        if (v instanceof GoTime) {
            return GoTimeLayout.format(((GoTime) v).time(), TIME_STRING_LAYOUT);
        }
        return v.toString();
    }

    /** A readable kind for error messages. */
    static String kind(Object v) {
        if (v == NIL) {
            return "nil";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "boolean";
        }
        if (v instanceof BigDecimal) {
            return "float";
        }
        if (isNumber(v)) {
            return "integer";
        }
        if (v instanceof JsonNode) {
            return ((JsonNode) v).isArray() ? "array" : "object";
        }
        return v instanceof GoTime ? "time" : v.getClass().getSimpleName();
    }
}
