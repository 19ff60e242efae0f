package io.luden.stream.functions.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Go text/template into tokens: literal text, and inside {@code {{ }}} actions the
 * operands of the subset {@link GoTemplate} supports. Trim markers (<code>"{{- "</code> and
 * <code>" -}}"</code>) and comments are resolved here, so the parser never sees them.
 */
final class GoTemplateLexer {

    enum Kind { TEXT, LEFT, RIGHT, FIELD, VARIABLE, IDENT, STRING, NUMBER, LPAREN, RPAREN, PIPE, EOF }

    /** One token; {@code pos} is its offset in the template, for error messages. */
    record Token(Kind kind, String text, int pos) {}

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    /** Set by a <code>-}}</code> marker: the next text loses its leading white space. */
    private boolean trimNextText;

    private GoTemplateLexer(String src) {
        this.src = src;
    }

    static List<Token> lex(String template) {
        GoTemplateLexer lexer = new GoTemplateLexer(template);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            int textEnd = open < 0 ? src.length() : open;
            boolean trimLeft = open >= 0 && isTrimMarker(open + 2);
            addText(pos, textEnd, trimLeft);
            if (open < 0) {
                break;
            }
            pos = open + 2 + (trimLeft ? 2 : 0);
            lexAction(open);
        }
        tokens.add(new Token(Kind.EOF, "", src.length()));
    }

    private void addText(int start, int end, boolean trimRight) {
        String text = src.substring(start, end);
        if (trimNextText) {
            int from = 0;
            while (from < text.length() && isSpace(text.charAt(from))) {
                from++;
            }
            text = text.substring(from);
            trimNextText = false;
        }
        if (trimRight) {
            int to = text.length();
            while (to > 0 && isSpace(text.charAt(to - 1))) {
                to--;
            }
            text = text.substring(0, to);
        }
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, start));
        }
    }

    /** Go's marker is a dash next to the braces with white space on its other side: "{{- " / " -}}". */
    private boolean isTrimMarker(int dash) {
        return dash + 1 < src.length() && src.charAt(dash) == '-' && isSpace(src.charAt(dash + 1));
    }

    private void lexAction(int open) {
        skipSpaces();
        if (src.startsWith("/*", pos)) {
            int close = src.indexOf("*/", pos + 2);
            if (close < 0) {
                throw error(open, "unclosed comment");
            }
            pos = close + 2;
            skipSpaces();
            if (!atRightDelim()) {
                throw error(pos, "comment ends before closing delimiter");
            }
            consumeRightDelim();
            return;
        }
        tokens.add(new Token(Kind.LEFT, "{{", open));
        while (true) {
            skipSpaces();
            if (pos >= src.length()) {
                throw error(open, "unclosed action: missing }}");
            }
            if (atRightDelim()) {
                tokens.add(new Token(Kind.RIGHT, "}}", pos));
                consumeRightDelim();
                return;
            }
            lexOperand();
        }
    }

    private boolean atRightDelim() {
        return src.startsWith("}}", pos) || (src.startsWith("-}}", pos) && pos > 0 && isSpace(src.charAt(pos - 1)));
    }

    private void consumeRightDelim() {
        if (src.charAt(pos) == '-') {
            trimNextText = true;
            pos++;
        }
        pos += 2;
    }

    private void lexOperand() {
        int start = pos;
        char c = src.charAt(pos);
        if (c == '.' && !(pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            pos = fieldChainEnd(pos);
            tokens.add(new Token(Kind.FIELD, src.substring(start, pos), start));
        } else if (c == '$') {
            pos++;
            if (pos < src.length() && isIdentChar(src.charAt(pos))) {
                throw error(start, "variables such as " + src.substring(start, identEnd(pos))
                        + " are not supported; use . or $ for the event");
            }
            pos = fieldChainEnd(pos);
            tokens.add(new Token(Kind.VARIABLE, src.substring(start, pos), start));
        } else if (c == '"') {
            tokens.add(new Token(Kind.STRING, quotedString(), start));
        } else if (c == '`') {
            int close = src.indexOf('`', pos + 1);
            if (close < 0) {
                throw error(start, "unterminated raw string");
            }
            tokens.add(new Token(Kind.STRING, src.substring(pos + 1, close), start));
            pos = close + 1;
        } else if (isDigit(c) || ((c == '-' || c == '+' || c == '.') && pos + 1 < src.length()
                && (isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.'))) {
            pos = numberEnd(pos);
            tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), start));
        } else if (Character.isLetter(c) || c == '_') {
            pos = identEnd(pos);
            if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length()
                    && isIdentChar(src.charAt(pos + 1))) {
                throw error(start, "field access on a function result needs parentheses: ("
                        + src.substring(start, pos) + " ...)" + src.substring(pos, fieldChainEnd(pos)));
            }
            tokens.add(new Token(Kind.IDENT, src.substring(start, pos), start));
        } else if (c == '(') {
            pos++;
            tokens.add(new Token(Kind.LPAREN, "(", start));
        } else if (c == ')') {
            pos++;
            tokens.add(new Token(Kind.RPAREN, ")", start));
        } else if (c == '|') {
            pos++;
            tokens.add(new Token(Kind.PIPE, "|", start));
        } else if (c == ':' || c == '=') {
            throw error(start, "variable assignment is not supported");
        } else {
            throw error(start, "unexpected character '" + new String(Character.toChars(src.codePointAt(pos)))
                    + "' in action");
        }
    }

    /** The end of {@code .a.b.c} (or of a lone {@code .}) starting at a dot. */
    private int fieldChainEnd(int at) {
        int p = at;
        while (p < src.length() && src.charAt(p) == '.') {
            int nameEnd = identEnd(p + 1);
            if (nameEnd == p + 1) {
                return p == at ? p + 1 : p;
            }
            p = nameEnd;
        }
        return p;
    }

    private int identEnd(int at) {
        int p = at;
        while (p < src.length() && isIdentChar(src.charAt(p))) {
            p++;
        }
        return p;
    }

    private int numberEnd(int at) {
        int p = at;
        if (src.charAt(p) == '-' || src.charAt(p) == '+') {
            p++;
        }
        if (src.startsWith("0x", p) || src.startsWith("0X", p)) {
            p += 2;
            while (p < src.length() && Character.digit(src.charAt(p), 16) >= 0) {
                p++;
            }
            return p;
        }
        while (p < src.length() && (isDigit(src.charAt(p)) || src.charAt(p) == '.')) {
            p++;
        }
        if (p < src.length() && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
            p++;
            if (p < src.length() && (src.charAt(p) == '-' || src.charAt(p) == '+')) {
                p++;
            }
            while (p < src.length() && isDigit(src.charAt(p))) {
                p++;
            }
        }
        if (p < src.length() && isIdentChar(src.charAt(p))) {
            throw error(at, "bad number syntax: " + src.substring(at, identEnd(p)));
        }
        return p;
    }

    /** A double-quoted string with Go's escapes, decoded. */
    private String quotedString() {
        int start = pos;
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(start, "unterminated quoted string");
            }
            char c = src.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error(start, "unterminated quoted string");
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'a': out.append('\u0007'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'v': out.append('\u000b'); break;
                case '\\': out.append('\\'); break;
                case '"': out.append('"'); break;
                case '\'': out.append('\''); break;
                case 'x': out.appendCodePoint(hex(2, start)); break;
                case 'u': out.appendCodePoint(hex(4, start)); break;
                case 'U': out.appendCodePoint(hex(8, start)); break;
                default: throw error(pos - 2, "unknown escape sequence \\" + e);
            }
        }
    }

    private int hex(int digits, int stringStart) {
        if (pos + digits > src.length()) {
            throw error(stringStart, "short escape sequence");
        }
        try {
            int cp = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            if (!Character.isValidCodePoint(cp)) {
                throw error(stringStart, "escape sequence is an invalid code point");
            }
            return cp;
        } catch (NumberFormatException e) {
            throw error(stringStart, "bad escape sequence \\" + src.substring(pos - 1, pos + digits));
        }
    }

    private void skipSpaces() {
        while (pos < src.length() && isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private IllegalArgumentException error(int at, String message) {
        return GoTemplate.syntaxError(src, at, message);
    }
}
