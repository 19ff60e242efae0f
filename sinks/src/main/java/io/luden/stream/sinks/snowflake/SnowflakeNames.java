package io.luden.stream.sinks.snowflake;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Snowflake's identifiers as Jitsu ≥ 1.44 writes them: unquoted when the name is a plain identifier
 * (a letter or {@code _}, then letters, digits, {@code _}, {@code $}) and not a reserved word —
 * Snowflake then stores it upper-cased; a reserved word quoted upper-case (the same stored name as
 * unquoted, so {@code user} and {@code USER} are one column); anything else quoted verbatim, with
 * {@code "} doubled (Jitsu did not escape it). {@link #ludenName} maps a stored name back.
 */
public final class SnowflakeNames {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /**
     * Snowflake's reserved keywords (docs, "Reserved & limited keywords") and the ANSI ones it limits
     * ({@code USER}, {@code DEFAULT} …): quoting one more word upper-case than needed changes nothing,
     * since it stores the same name as unquoted.
     */
    static final Set<String> RESERVED = Set.of(
            "ACCOUNT", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
            "CONNECT", "CONNECTION", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "CURRENT_ROLE", "DATABASE", "DEFAULT", "DELETE", "DESC", "DISTINCT",
            "DROP", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOLLOWING", "FOR", "FOREIGN", "FROM", "FULL",
            "GRANT", "GROUP", "GSCLUSTER", "HAVING", "ILIKE", "IN", "INCREMENT", "INNER", "INSERT", "INTERSECT",
            "INTO", "IS", "ISSUE", "JOIN", "KEY", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP",
            "MATCH_CONDITION", "MERGE", "MINUS", "NATURAL", "NOT", "NULL", "OF", "OFFSET", "ON", "OR", "ORDER",
            "ORGANIZATION", "OUTER", "PRIMARY", "QUALIFY", "REFERENCES", "REGEXP", "REVOKE", "RIGHT", "RLIKE", "ROW",
            "ROWS", "SAMPLE", "SCHEMA", "SELECT", "SET", "SOME", "START", "TABLE", "TABLESAMPLE", "THEN", "TO",
            "TRIGGER", "TRUE", "TRY_CAST", "UNION", "UNIQUE", "UPDATE", "USER", "USING", "VALUES", "VIEW", "WHEN",
            "WHENEVER", "WHERE", "WINDOW", "WITH");

    private SnowflakeNames() {}

    /** The SQL text for {@code name}: bare, quoted upper-case (reserved) or quoted verbatim. */
    public static String quote(String name) {
        if (PLAIN.matcher(name).matches()) {
            String upper = name.toUpperCase(Locale.ROOT);
            return RESERVED.contains(upper) ? '"' + upper + '"' : name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The name Snowflake stores for {@code name} written as {@link #quote} writes it. */
    public static String stored(String name) {
        return PLAIN.matcher(name).matches() ? name.toUpperCase(Locale.ROOT) : name;
    }

    /**
     * The Luden name of a stored name: its lower case when that is what {@link #stored} gives it (so
     * {@code EVENTN_CTX_EVENT_ID} is {@code eventn_ctx_event_id}); else the stored name itself (a column
     * created quoted in mixed case by someone else keeps its case).
     */
    public static String ludenName(String stored) {
        String lower = stored.toLowerCase(Locale.ROOT);
        return stored(lower).equals(stored) ? lower : stored;
    }
}
