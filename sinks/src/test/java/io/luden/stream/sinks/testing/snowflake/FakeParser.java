package io.luden.stream.sinks.testing.snowflake;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Expressions: OR / AND / comparisons / IS [NOT] NULL over literals, {@code ?}, columns, CAST, {@code ::}, calls. */
final class FakeParser {
    /** Words that end an expression or a FROM item rather than name an alias. */
    static final Set<String> RESERVED = Set.of("FROM", "WHERE", "ORDER", "ON", "WHEN", "USING", "AS", "AND", "OR",
            "VALUES", "SELECT", "SET", "THEN", "NOT", "IS", "UNION", "GROUP", "LIMIT", "BY", "INTO", "MATCHED");

    private FakeParser() {}

    static List<FakeExpr> expressions(FakeSql p) {
        List<FakeExpr> out = new ArrayList<>();
        do {
            out.add(expression(p));
        } while (p.accept(","));
        return out;
    }

    static FakeExpr expression(FakeSql p) {
        FakeExpr left = and(p);
        while (p.accept("OR")) {
            left = new FakeExpr.Binary("OR", left, and(p));
        }
        return left;
    }

    private static FakeExpr and(FakeSql p) {
        FakeExpr left = comparison(p);
        while (p.accept("AND")) {
            left = new FakeExpr.Binary("AND", left, comparison(p));
        }
        return left;
    }

    private static FakeExpr comparison(FakeSql p) {
        FakeExpr left = postfix(p);
        if (p.accept("IS", "NOT", "NULL")) {
            return new FakeExpr.Binary("IS NOT NULL", left, null);
        }
        if (p.accept("IS", "NULL")) {
            return new FakeExpr.Binary("IS NULL", left, null);
        }
        for (String op : List.of("=", "<>", "!=", "<=", ">=", "<", ">")) {
            if (p.accept(op)) {
                return new FakeExpr.Binary(op, left, postfix(p));
            }
        }
        return left;
    }

    private static FakeExpr postfix(FakeSql p) {
        FakeExpr e = primary(p);
        while (p.accept("::")) {
            e = new FakeExpr.Cast(e, FakeType.parse(p.typeName()));
        }
        return e;
    }

    private static FakeExpr primary(FakeSql p) {
        FakeSql.Token t = p.next();
        switch (t.kind) {
            case STRING:
                return new FakeExpr.Literal(t.text);
            case NUMBER:
                return new FakeExpr.Literal(new BigDecimal(t.text));
            case PARAM:
                return new FakeExpr.Param(Integer.parseInt(t.text));
            case SYMBOL:
                if (t.is("(")) {
                    FakeExpr inner = expression(p);
                    p.expect(")");
                    return inner;
                }
                if (t.is("-")) {
                    FakeSql.Token n = p.next();
                    return new FakeExpr.Literal(new BigDecimal("-" + n.text));
                }
                break;
            case WORD:
                switch (t.text) {
                    case "NULL": return new FakeExpr.Literal(null);
                    case "TRUE": return new FakeExpr.Literal(true);
                    case "FALSE": return new FakeExpr.Literal(false);
                    case "CAST": case "TRY_CAST": {
                        p.expect("(");
                        FakeExpr inner = expression(p);
                        p.expect("AS");
                        FakeType type = FakeType.parse(p.typeName());
                        p.expect(")");
                        return new FakeExpr.Cast(inner, type);
                    }
                    case "EXTRACT": { // EXTRACT(EPOCH FROM e): EPOCH is Snowflake's alias of EPOCH_SECOND
                        p.expect("(");
                        String part = p.identifier();
                        if (!part.equals("EPOCH") && !part.equals("EPOCH_SECOND")) {
                            throw p.syntax();
                        }
                        p.expect("FROM");
                        FakeExpr inner = expression(p);
                        p.expect(")");
                        return new FakeExpr.Call("EPOCH_SECOND", FakeExpr.list(inner));
                    }
                    default:
                        if (p.peek().is("(")) {
                            p.next();
                            List<FakeExpr> args = p.peek().is(")") ? new ArrayList<>() : expressions(p);
                            p.expect(")");
                            return new FakeExpr.Call(t.text, args);
                        }
                        return column(p, t.text);
                }
            case QUOTED:
                return column(p, t.text);
            default:
                break;
        }
        throw p.syntax();
    }

    private static FakeExpr column(FakeSql p, String first) {
        if (p.accept(".")) {
            return new FakeExpr.Column(first, p.identifier());
        }
        return new FakeExpr.Column(null, first);
    }
}
