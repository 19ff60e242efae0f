package io.luden.stream.sinks.jdbc;

import io.luden.stream.sinks.DataType;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Reading SQL type names: their category, and whether an explicit one is safe to splice into SQL. */
public final class SqlTypeNames {
    /** Lower-case type names without arguments, as Postgres and DuckDB report them, with their category. */
    private static final Map<String, DataType> CATEGORIES = Map.ofEntries(
            Map.entry("bigint", DataType.INTEGER), Map.entry("integer", DataType.INTEGER),
            Map.entry("int", DataType.INTEGER), Map.entry("smallint", DataType.INTEGER),
            Map.entry("tinyint", DataType.INTEGER), Map.entry("hugeint", DataType.INTEGER),
            Map.entry("ubigint", DataType.INTEGER), Map.entry("uinteger", DataType.INTEGER),
            Map.entry("usmallint", DataType.INTEGER), Map.entry("utinyint", DataType.INTEGER),
            Map.entry("int2", DataType.INTEGER), Map.entry("int4", DataType.INTEGER),
            Map.entry("int8", DataType.INTEGER), Map.entry("long", DataType.INTEGER),
            Map.entry("double precision", DataType.FLOAT), Map.entry("double", DataType.FLOAT),
            Map.entry("real", DataType.FLOAT), Map.entry("float", DataType.FLOAT),
            Map.entry("float4", DataType.FLOAT), Map.entry("float8", DataType.FLOAT),
            Map.entry("numeric", DataType.FLOAT), Map.entry("decimal", DataType.FLOAT),
            Map.entry("text", DataType.STRING), Map.entry("character varying", DataType.STRING),
            Map.entry("varchar", DataType.STRING), Map.entry("character", DataType.STRING),
            Map.entry("char", DataType.STRING), Map.entry("bpchar", DataType.STRING),
            Map.entry("string", DataType.STRING),
            Map.entry("boolean", DataType.BOOLEAN), Map.entry("bool", DataType.BOOLEAN));

    private static final Map<String, Boolean> APPROXIMATE =
            Map.of("double precision", true, "double", true, "real", true, "float", true, "float4", true, "float8", true,
                    "float32", true, "float64", true); // ClickHouse's names

    private static final Pattern ARGUMENTS = Pattern.compile("\\s*\\([^)]*\\)");
    private static final Pattern SCALE = Pattern.compile("^(?:numeric|decimal)\\s*\\(\\s*\\d+\\s*,\\s*(\\d+)\\s*\\)$");

    /**
     * Explicit types come from mappings or an event's {@code __sql_type_} keys, so they must not carry SQL:
     * a name, one optional argument list of numbers, trailing words ({@code with time zone}) and {@code []}.
     */
    private static final Pattern SAFE = Pattern.compile(
            "^[A-Za-z_][A-Za-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?[A-Za-z0-9_ ]*(\\[\\d*])*$");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * {@link #base} of the type names seen: every value converted asks for its column's type several
     * times (category, float kind, time zone), and a batch converts thousands of values per column.
     * Bounded, since explicit types come from events: past the bound, names are worked out each time.
     */
    private static final Map<String, String> BASES = new ConcurrentHashMap<>();
    private static final Pattern PRECISION = Pattern.compile("^(?:numeric|decimal)\\s*\\(\\s*(\\d+)\\s*,\\s*\\d+\\s*\\)$");
    private static final Map<String, Integer> SCALES = new ConcurrentHashMap<>();
    static final int MAX_REMEMBERED = 4096;

    private SqlTypeNames() {}

    /** {@code timestamp(6) without time zone} → {@code timestamp without time zone}; lower case, single spaces. */
    public static String base(String sqlType) {
        String known = BASES.get(sqlType);
        if (known != null) {
            return known;
        }
        String s = ARGUMENTS.matcher(sqlType.strip().toLowerCase(Locale.ROOT)).replaceAll("");
        String base = SPACES.matcher(s).replaceAll(" ");
        if (BASES.size() < MAX_REMEMBERED) {
            BASES.put(sqlType, base);
        }
        return base;
    }

    /** INTEGER/FLOAT/STRING/TIMESTAMP/BOOLEAN for the types we write, null for any other (json, date, arrays, …). */
    public static DataType category(String sqlType) {
        if (sqlType == null || sqlType.endsWith("]")) {
            return null;
        }
        String base = base(sqlType);
        if (base.startsWith("timestamp")) {
            return DataType.TIMESTAMP;
        }
        return CATEGORIES.get(base);
    }

    /** A float column that stores binary floating point (a double is bound), not an exact decimal. */
    public static boolean isApproximate(String sqlType) {
        return APPROXIMATE.containsKey(base(sqlType));
    }

    /** A timestamp column that stores an instant (timestamptz): bind an offset date-time. */
    public static boolean hasTimeZone(String sqlType) {
        String base = base(sqlType);
        return base.equals("timestamptz") || base.contains("with time zone");
    }

    /** The scale of a {@code numeric(p,s)} / {@code decimal(p,s)} column, or -1 when it has none. */
    public static int decimalScale(String sqlType) {
        Integer known = SCALES.get(sqlType);
        if (known != null) {
            return known;
        }
        var m = SCALE.matcher(sqlType.strip().toLowerCase(Locale.ROOT));
        int scale = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (SCALES.size() < MAX_REMEMBERED) {
            SCALES.put(sqlType, scale);
        }
        return scale;
    }

    /** The precision (digits in all) of a {@code numeric(p,s)} / {@code decimal(p,s)} column, or -1 when it has none. */
    public static int decimalPrecision(String sqlType) {
        var m = PRECISION.matcher(sqlType.strip().toLowerCase(Locale.ROOT));
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** True when {@code sqlType} looks like a type name and nothing else (no quotes, semicolons, comments). */
    public static boolean isSafe(String sqlType) {
        return sqlType != null && sqlType.length() <= 100 && SAFE.matcher(sqlType.strip()).matches();
    }
}
