package io.luden.stream.functions;

/**
 * Column (and table) names as SPEC §8 defines them: lower-case, every code point outside
 * {@code [a-z0-9]} turned into {@code _}, and over-long names folded to a destination's limit the
 * way Jitsu does it, so a Luden user finds the same column names in the warehouse.
 */
public final class ColumnNames {

    /** What an empty key becomes; a column needs a name. */
    public static final String UNNAMED = "_unnamed";

    private ColumnNames() {}

    /** The column name of one event key; an empty key becomes {@value #UNNAMED}. */
    public static String sanitize(String key) {
        String name = reformat(key);
        return name.isEmpty() ? UNNAMED : name;
    }

    /**
     * Lower-cases per code point ({@link Character#toLowerCase(int)}, locale-free like Go's
     * {@code strings.ToLower}) and replaces every code point outside {@code [a-z0-9]} with one
     * {@code _}. A supplementary character (an emoji) is one code point, so one {@code _}.
     */
    public static String reformat(String text) {
        if (isReformatted(text)) {
            return text; // the common case: already lower-case letters, digits and _
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int lower = Character.toLowerCase(cp);
            boolean keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
            out.append(keep ? (char) lower : '_');
        });
        return out.toString();
    }

    private static boolean isReformatted(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds a name longer than {@code limit}: repeatedly shortens the first {@code _}-separated part
     * longer than 2 characters to its first 2; when no such part is left, or the name has no
     * {@code _} at all, keeps the last {@code limit} characters (Jitsu's {@code cutName}, without its
     * quirk of also shortening later repeats of the same prefix). {@code limit <= 0} means no limit.
     * Works on sanitised (ASCII) names.
     */
    public static String fold(String name, int limit) {
        if (limit <= 0) {
            return name;
        }
        if (name.length() > limit && name.indexOf('_') < 0) {
            return name.substring(name.length() - limit);
        }
        String current = name;
        while (current.length() > limit) {
            String[] parts = current.split("_", -1);
            int longPart = -1;
            for (int i = 0; i < parts.length && longPart < 0; i++) {
                if (parts[i].length() > 2) {
                    longPart = i;
                }
            }
            if (longPart < 0) {
                return current.substring(current.length() - limit);
            }
            parts[longPart] = parts[longPart].substring(0, 2);
            current = String.join("_", parts);
        }
        return current;
    }
}
