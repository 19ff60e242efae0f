package io.luden.stream.functions.mapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Jitsu's legacy {@code data_layout.mapping} lines, converted as its {@code ConvertOldMappings} does:
 * {@code "/a -> /b"} (move), {@code "/a -> (integer) /b"} (move declaring the SQL type of /b),
 * {@code "/a ->"} (remove). Unlike Jitsu, spaces inside a path or a type are kept
 * ({@code (double precision)} stays a valid type) and a type may hold parentheses ({@code (numeric(38,18))}).
 */
final class LegacyMapping {
    static final String CONFIG_KEY = "data_layout.mapping";
    private static final String ARROW = "->";
    private static final String FORMAT = "use /field1/subfield1 -> /field2/subfield2, /field -> (type) /field2 or /field ->";

    private LegacyMapping() {}

    static Mappings parse(List<String> lines, boolean strict) {
        List<MappingRule> rules = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            rules.add(parseLine(i, lines.get(i)));
        }
        return new Mappings(!strict, rules);
    }

    private static MappingRule parseLine(int index, String line) {
        String where = CONFIG_KEY + "[" + index + "] '" + line + "'";
        if (line == null) {
            throw new IllegalArgumentException(where + ": empty mapping; " + FORMAT);
        }
        int arrow = line.indexOf(ARROW);
        if (arrow < 0 || line.indexOf(ARROW, arrow + ARROW.length()) >= 0) {
            throw new IllegalArgumentException(where + ": expected exactly one '->'; " + FORMAT);
        }
        String src = line.substring(0, arrow).strip();
        String rest = line.substring(arrow + ARROW.length()).strip();
        if (src.isEmpty()) {
            throw new IllegalArgumentException(where + ": the source before '->' is empty; " + FORMAT);
        }
        if (rest.isEmpty()) {
            return MappingRule.remove(src);
        }
        if (!rest.startsWith("(")) {
            if (rest.indexOf('(') >= 0 || rest.indexOf(')') >= 0) {
                throw new IllegalArgumentException(where + ": a type goes in parentheses before the destination; " + FORMAT);
            }
            return MappingRule.move(src, rest);
        }
        int close = matchingParenthesis(rest);
        if (close < 0) {
            throw new IllegalArgumentException(where + ": unbalanced parentheses around the type; " + FORMAT);
        }
        String type = rest.substring(1, close).strip();
        String dst = rest.substring(close + 1).strip();
        if (type.isEmpty()) {
            throw new IllegalArgumentException(where + ": the type in parentheses is empty; " + FORMAT);
        }
        if (dst.isEmpty()) {
            throw new IllegalArgumentException(where + ": a type needs a destination after it; " + FORMAT);
        }
        return MappingRule.move(src, dst, type);
    }

    /** Index of the ')' closing the '(' at 0, or -1. */
    private static int matchingParenthesis(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
