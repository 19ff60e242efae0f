package io.luden.stream.sinks.testing.snowflake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tokens of the fake's SQL: Snowflake's identifier rules (an unquoted identifier is stored
 * upper-cased, a double-quoted one verbatim with {@code ""} as a quote), string literals with
 * {@code ''}, numbers, {@code ?} placeholders (numbered in order), punctuation. Comments are skipped.
 */
final class FakeSql {
    enum Kind { WORD, QUOTED, STRING, NUMBER, PARAM, SYMBOL, END }

    static final class Token {
        final Kind kind;
        /** WORD: upper-cased; QUOTED: verbatim; STRING: unescaped; PARAM: its 1-based index. */
        final String text;

        Token(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }

        boolean is(String word) {
            return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equals(word);
        }

        @Override
        public String toString() {
            return kind + ":" + text;
        }
    }

    private final List<Token> tokens;
    private int at;

    FakeSql(String sql) {
        tokens = tokenize(sql);
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int params = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw FakeError.compilation("001003", "syntax error: unterminated " + (c == '"' ? "identifier" : "string"));
                    }
                    char d = sql.charAt(i);
                    if (d == c) {
                        if (i + 1 < n && sql.charAt(i + 1) == c) {
                            s.append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (c == '\'' && d == '\\' && i + 1 < n) { // Snowflake strings take backslash escapes
                        s.append(sql.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    s.append(d);
                    i++;
                }
                out.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, s.toString()));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i).toUpperCase(Locale.ROOT)));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.'
                        || sql.charAt(i) == 'e' || sql.charAt(i) == 'E'
                        || ((sql.charAt(i) == '-' || sql.charAt(i) == '+') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i)));
            } else if (c == '?') {
                out.add(new Token(Kind.PARAM, Integer.toString(++params)));
                i++;
            } else {
                String two = i + 1 < n ? sql.substring(i, i + 2) : "";
                if (two.equals("::") || two.equals("<>") || two.equals("!=") || two.equals("<=") || two.equals(">=")
                        || two.equals("||")) {
                    out.add(new Token(Kind.SYMBOL, two));
                    i += 2;
                } else {
                    out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                    i++;
                }
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).is(";")) {
            out.remove(out.size() - 1);
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }

    Token peek() {
        return tokens.get(at);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(at);
        if (t.kind != Kind.END) {
            at++;
        }
        return t;
    }

    boolean accept(String word) {
        if (peek().is(word)) {
            at++;
            return true;
        }
        return false;
    }

    boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!peek(k).is(words[k])) {
                return false;
            }
        }
        at += words.length;
        return true;
    }

    void expect(String word) {
        if (!accept(word)) {
            throw syntax();
        }
    }

    boolean atEnd() {
        return peek().kind == Kind.END;
    }

    FakeError syntax() {
        return FakeError.compilation("001003", "syntax error line 1 at position " + at + " unexpected '" + peek().text + "'.");
    }

    /** An identifier as Snowflake stores it. */
    String identifier() {
        Token t = next();
        if (t.kind == Kind.WORD || t.kind == Kind.QUOTED) {
            return t.text;
        }
        throw syntax();
    }

    /** {@code [db.][schema.]name} as its parts (1 to 3). */
    List<String> qualifiedName() {
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (accept(".")) {
            parts.add(identifier());
        }
        if (parts.size() > 3) {
            throw syntax();
        }
        return parts;
    }

    /** A type name as written, e.g. {@code TIMESTAMP_NTZ(6)}, {@code DOUBLE PRECISION}, {@code NUMBER(12,2)}. */
    String typeName() {
        StringBuilder s = new StringBuilder(identifier());
        while (peek().kind == Kind.WORD && (peek().is("PRECISION") || peek().is("VARYING") || peek().is("WITH")
                || peek().is("WITHOUT") || peek().is("TIME") || peek().is("ZONE"))) {
            s.append(' ').append(next().text);
        }
        if (accept("(")) {
            s.append('(').append(next().text);
            while (accept(",")) {
                s.append(',').append(next().text);
            }
            expect(")");
            s.append(')');
        }
        return s.toString();
    }
}
