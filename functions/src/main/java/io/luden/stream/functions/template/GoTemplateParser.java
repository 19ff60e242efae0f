package io.luden.stream.functions.template;

import io.luden.stream.functions.template.GoTemplateLexer.Kind;
import io.luden.stream.functions.template.GoTemplateLexer.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link GoTemplateNode} tree from tokens. Everything outside the supported subset is
 * refused here, at start-up, with the position and the construct named, rather than when the
 * first event arrives.
 */
final class GoTemplateParser {

    private static final Set<String> UNSUPPORTED_KEYWORDS =
            Set.of("range", "with", "define", "template", "block", "break", "continue");

    private final String src;
    private final List<Token> tokens;
    private int next;

    private GoTemplateParser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static List<GoTemplateNode> parse(String template) {
        GoTemplateParser parser = new GoTemplateParser(template, GoTemplateLexer.lex(template));
        List<GoTemplateNode> nodes = new ArrayList<>();
        String end = parser.list(nodes);
        if (end != null) {
            throw parser.error(parser.peekBack().pos(), "unexpected {{" + end + "}}");
        }
        return nodes;
    }

    /** Parses nodes up to EOF (returns null) or up to an {@code else}/{@code end} keyword (returned). */
    private String list(List<GoTemplateNode> into) {
        while (true) {
            Token t = take();
            if (t.kind() == Kind.EOF) {
                return null;
            }
            if (t.kind() == Kind.TEXT) {
                into.add(new GoTemplateNode.Text(t.text()));
                continue;
            }
            // t is LEFT
            Token first = peek();
            if (first.kind() == Kind.IDENT) {
                String word = first.text();
                if (word.equals("else") || word.equals("end")) {
                    take();
                    return word;
                }
                if (word.equals("if")) {
                    take();
                    into.add(ifNode(first));
                    continue;
                }
                if (UNSUPPORTED_KEYWORDS.contains(word)) {
                    throw error(first.pos(), "{{" + word + "}} is not supported; supported actions are"
                            + " {{.field}}, {{if}}, {{else}}, {{else if}} and {{end}}");
                }
            }
            into.add(new GoTemplateNode.Action(pipeline(Kind.RIGHT)));
            expect(Kind.RIGHT, "}}");
        }
    }

    /** After <code>{{if}}</code>: the condition, the branches, through the matching <code>{{end}}</code>. */
    private GoTemplateNode.If ifNode(Token ifToken) {
        GoTemplateNode.Pipeline condition = pipeline(Kind.RIGHT);
        expect(Kind.RIGHT, "}}");
        List<GoTemplateNode> then = new ArrayList<>();
        String end = list(then);
        List<GoTemplateNode> otherwise = new ArrayList<>();
        if ("else".equals(end)) {
            Token t = peek();
            if (t.kind() == Kind.IDENT && t.text().equals("if")) {
                take();
                otherwise.add(ifNode(t)); // the nested if consumes the shared {{end}}
                return new GoTemplateNode.If(condition, then, otherwise);
            }
            expect(Kind.RIGHT, "}}");
            end = list(otherwise);
        }
        if (!"end".equals(end)) {
            throw error(ifToken.pos(), end == null ? "{{if}} without a matching {{end}}" : "unexpected {{else}}");
        }
        expect(Kind.RIGHT, "}}");
        return new GoTemplateNode.If(condition, then, otherwise);
    }

    private GoTemplateNode.Pipeline pipeline(Kind closing) {
        int start = peek().pos();
        List<GoTemplateNode.Command> commands = new ArrayList<>();
        while (true) {
            commands.add(command(closing));
            if (peek().kind() != Kind.PIPE) {
                break;
            }
            take();
        }
        int end = peek().pos();
        return new GoTemplateNode.Pipeline(commands, start, src.substring(start, end).strip());
    }

    private GoTemplateNode.Command command(Kind closing) {
        int start = peek().pos();
        List<GoTemplateNode.Operand> operands = new ArrayList<>();
        while (peek().kind() != Kind.PIPE && peek().kind() != closing) {
            if (peek().kind() == Kind.EOF || peek().kind() == Kind.RIGHT || peek().kind() == Kind.TEXT) {
                throw error(peek().pos(), closing == Kind.RPAREN ? "unclosed left paren" : "unclosed action");
            }
            operands.add(operand(operands.isEmpty()));
        }
        if (operands.isEmpty()) {
            throw error(start, "missing value for command");
        }
        return new GoTemplateNode.Command(operands, start);
    }

    private GoTemplateNode.Operand operand(boolean first) {
        Token t = take();
        switch (t.kind()) {
            case FIELD:
                return new GoTemplateNode.Field(path(t.text()), t.text(), t.pos());
            case VARIABLE:
                return new GoTemplateNode.Field(path(t.text().substring(1)), t.text(), t.pos());
            case STRING:
                return new GoTemplateNode.Literal(t.text(), t.pos());
            case NUMBER:
                return new GoTemplateNode.Literal(number(t), t.pos());
            case LPAREN: {
                GoTemplateNode.Pipeline inner = pipeline(Kind.RPAREN);
                Token close = expect(Kind.RPAREN, ")");
                List<String> path = List.of();
                if (peek().kind() == Kind.FIELD && peek().pos() == close.pos() + 1) {
                    path = path(take().text());
                }
                return new GoTemplateNode.Group(inner, path, t.pos());
            }
            case IDENT:
                return identifier(t, first);
            default:
                throw error(t.pos(), "unexpected \"" + t.text() + "\" in command");
        }
    }

    private GoTemplateNode.Operand identifier(Token t, boolean first) {
        switch (t.text()) {
            case "true": return new GoTemplateNode.Literal(Boolean.TRUE, t.pos());
            case "false": return new GoTemplateNode.Literal(Boolean.FALSE, t.pos());
            case "nil": return new GoTemplateNode.Literal(GoTemplateValues.NIL, t.pos());
            default: break;
        }
        if (!GoTemplateFunctions.NAMES.contains(t.text())) {
            throw error(t.pos(), "function \"" + t.text() + "\" not defined; available: "
                    + String.join(", ", GoTemplateFunctions.NAMES));
        }
        if (!first) {
            // Go would pass the function itself as a value; nothing here takes one
            throw error(t.pos(), "function \"" + t.text() + "\" used as an argument; wrap the call in parentheses");
        }
        return new GoTemplateNode.Function(t.text(), t.pos());
    }

    /** ".a.b" → [a, b]; "." → []. */
    private static List<String> path(String chain) {
        if (chain.isEmpty() || chain.equals(".")) {
            return List.of();
        }
        return List.copyOf(Arrays.asList(chain.substring(1).split("\\.")));
    }

    private Object number(Token t) {
        String text = t.text();
        try {
            String unsigned = text.startsWith("+") ? text.substring(1) : text;
            String digits = unsigned.startsWith("-") ? unsigned.substring(1) : unsigned;
            if (digits.startsWith("0x") || digits.startsWith("0X")) {
                BigInteger value = new BigInteger(digits.substring(2), 16);
                return GoTemplateValues.integer(unsigned.startsWith("-") ? value.negate() : value);
            }
            if (digits.contains(".") || digits.contains("e") || digits.contains("E")) {
                return new BigDecimal(unsigned);
            }
            return GoTemplateValues.integer(new BigInteger(unsigned));
        } catch (NumberFormatException e) {
            throw error(t.pos(), "bad number syntax: " + text);
        }
    }

    private Token expect(Kind kind, String what) {
        Token t = take();
        if (t.kind() != kind) {
            throw error(t.pos(), "expected " + what + ", found "
                    + (t.kind() == Kind.EOF ? "the end of the template" : "\"" + t.text() + "\""));
        }
        return t;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekBack() {
        return tokens.get(Math.max(0, next - 1));
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.EOF) {
            next++;
        }
        return t;
    }

    private IllegalArgumentException error(int at, String message) {
        return GoTemplate.syntaxError(src, at, message);
    }
}
