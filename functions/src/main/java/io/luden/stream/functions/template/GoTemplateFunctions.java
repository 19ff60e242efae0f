package io.luden.stream.functions.template;

import io.luden.stream.functions.Events;

import static io.luden.stream.functions.template.GoTemplateValues.NIL;
import static io.luden.stream.functions.template.GoTemplateValues.isNumber;
import static io.luden.stream.functions.template.GoTemplateValues.kind;
import static io.luden.stream.functions.template.GoTemplateValues.toDecimal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions a table-name template may call: Go's built-ins that make sense on an event
 * ({@code eq ne lt le gt ge and or not len index}) and Jitsu's {@code json} and {@code get}.
 * {@code and}/{@code or} are evaluated lazily by {@link GoTemplateEvaluator}, as Go does.
 */
final class GoTemplateFunctions {

    static final Set<String> NAMES = new TreeSet<>(
            List.of("eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "len", "index", "json", "get"));

    private GoTemplateFunctions() {}

    static Object call(String name, List<Object> args, String where) throws TemplateException {
        switch (name) {
            case "eq": return eq(args, where);
            case "ne": arity(name, args, 2, where); return !equal(args.get(0), args.get(1), where);
            case "lt": arity(name, args, 2, where); return compare(args.get(0), args.get(1), where) < 0;
            case "le": arity(name, args, 2, where); return compare(args.get(0), args.get(1), where) <= 0;
            case "gt": arity(name, args, 2, where); return compare(args.get(0), args.get(1), where) > 0;
            case "ge": arity(name, args, 2, where); return compare(args.get(0), args.get(1), where) >= 0;
            case "not": arity(name, args, 1, where); return !GoTemplateValues.isTrue(args.get(0));
            case "len": arity(name, args, 1, where); return len(args.get(0), where);
            case "index": return index(args, where);
            case "json": arity(name, args, 1, where); return json(args.get(0));
            case "get": arity(name, args, 3, where); return get(args.get(0), args.get(1), args.get(2), where);
            default: throw new TemplateException(where + "function \"" + name + "\" not defined");
        }
    }

    /** Go's eq: {@code eq a b c} is {@code a == b || a == c}. */
    private static boolean eq(List<Object> args, String where) throws TemplateException {
        if (args.size() < 2) {
            throw new TemplateException(where + "eq needs at least 2 arguments, got " + args.size());
        }
        for (int i = 1; i < args.size(); i++) {
            if (equal(args.get(0), args.get(i), where)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Numbers compare by value whatever their JSON form ({@code 1 == 1.0}); values of different
     * kinds are unequal (Go would stop with "incompatible types", but an event field that is
     * sometimes a number and sometimes a string should not fail the event); nil equals only nil.
     */
    static boolean equal(Object a, Object b, String where) throws TemplateException {
        if (a instanceof JsonNode || b instanceof JsonNode) {
            throw new TemplateException(where + "cannot compare " + kind(a) + " with " + kind(b)
                    + ": objects and arrays are not comparable");
        }
        if (isNumber(a) && isNumber(b)) {
            return toDecimal(a).compareTo(toDecimal(b)) == 0;
        }
        if (a instanceof GoTime && b instanceof GoTime) {
            return ((GoTime) a).time().isEqual(((GoTime) b).time());
        }
        return a.equals(b); // NIL is a singleton, so nil == nil
    }

    /** Ordering for lt/le/gt/ge: numbers by value, strings by code point (Go: by UTF-8 bytes, same order). */
    private static int compare(Object a, Object b, String where) throws TemplateException {
        if (isNumber(a) && isNumber(b)) {
            return toDecimal(a).compareTo(toDecimal(b));
        }
        if (a instanceof String && b instanceof String) {
            return compareCodePoints((String) a, (String) b);
        }
        if (a instanceof GoTime && b instanceof GoTime) {
            return ((GoTime) a).time().compareTo(((GoTime) b).time());
        }
        throw new TemplateException(where + "incompatible types for comparison: " + kind(a) + " and " + kind(b));
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Go's len: bytes of a string (UTF-8), elements of an array, keys of an object. */
    private static long len(Object v, String where) throws TemplateException {
        if (v instanceof String) {
            return ((String) v).getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof JsonNode) {
            return ((JsonNode) v).size();
        }
        throw new TemplateException(where + "len of " + kind(v) + " is not defined");
    }

    /** {@code index x k1 k2}: x[k1][k2] for object keys and array positions; a missing key is nil. */
    private static Object index(List<Object> args, String where) throws TemplateException {
        if (args.isEmpty()) {
            throw new TemplateException(where + "index needs at least 1 argument");
        }
        Object current = args.get(0);
        for (Object key : args.subList(1, args.size())) {
            if (current instanceof JsonNode && ((JsonNode) current).isObject() && key instanceof String) {
                current = GoTemplateValues.fromJson(((JsonNode) current).get((String) key));
            } else if (current instanceof JsonNode && ((JsonNode) current).isArray() && key instanceof Long) {
                long at = (Long) key;
                if (at < 0 || at >= ((JsonNode) current).size()) {
                    throw new TemplateException(where + "index out of range: " + at);
                }
                current = GoTemplateValues.fromJson(((JsonNode) current).get((int) at));
            } else {
                throw new TemplateException(where + "can't index " + kind(current) + " with " + kind(key));
            }
        }
        return current;
    }

    /** Jitsu's {@code json}: compact JSON of the value ({@code null} for nil). */
    private static String json(Object v) {
        if (v == NIL) {
            return "null";
        }
        if (v instanceof JsonNode) {
            return Events.toJson((JsonNode) v);
        }
        Object plain = v instanceof GoTime
                ? GoTimeLayout.format(((GoTime) v).time(), "2006-01-02T15:04:05.999999999Z07:00") : v;
        try {
            return Events.mapper().writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + kind(v), e);
        }
    }

    /** Jitsu's {@code get obj "/a/b" default}: the value at the path, or default when absent. */
    private static Object get(Object obj, Object path, Object fallback, String where) throws TemplateException {
        if (!(obj instanceof JsonNode) || !((JsonNode) obj).isObject()) {
            throw new TemplateException(where + "get: first argument is " + kind(obj) + ", not an object");
        }
        if (!(path instanceof String)) {
            throw new TemplateException(where + "get: path must be a string like \"/a/b\", got " + kind(path));
        }
        JsonNode current = (JsonNode) obj;
        boolean any = false;
        for (String part : ((String) path).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            any = true;
            current = current.isObject() ? current.get(part) : null;
            if (current == null) {
                return fallback;
            }
        }
        if (!any) {
            throw new TemplateException(where + "get: path is empty");
        }
        return GoTemplateValues.fromJson(current);
    }

    private static void arity(String name, List<Object> args, int want, String where) throws TemplateException {
        if (args.size() != want) {
            throw new TemplateException(where + "wrong number of args for " + name + ": want " + want
                    + " got " + args.size());
        }
    }
}
