package io.luden.stream.sinks.testing.snowflake;

import io.luden.stream.sinks.testing.snowflake.FakeEngine.Result;
import io.luden.stream.sinks.testing.snowflake.FakeExpr.Scope;
import io.luden.stream.sinks.testing.snowflake.FakeModel.Table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fake's queries: {@code SELECT items [FROM source [alias]] [WHERE cond] [ORDER BY exprs]} over one
 * source (a table, a subquery, {@code VALUES}, information_schema.columns / schemata / tables), with
 * {@code *} and {@code count(*)}; and {@code VALUES} lists.
 */
final class FakeQuery {
    private final FakeModel model;

    FakeQuery(FakeModel model) {
        this.model = model;
    }

    static String alias(FakeSql p, String otherwise) {
        if (p.accept("AS")) {
            return p.identifier();
        }
        FakeSql.Token t = p.peek();
        if (t.kind == FakeSql.Kind.QUOTED || (t.kind == FakeSql.Kind.WORD && !FakeParser.RESERVED.contains(t.text))) {
            return p.identifier();
        }
        return otherwise;
    }

    /** {@code VALUES (…), (…)} evaluated: columns COLUMN1 … COLUMNn, typed by their first non-null value. */
    Result values(FakeSql p, Scope scope) {
        p.expect("VALUES");
        Result r = new Result();
        do {
            p.expect("(");
            List<FakeExpr> row = FakeParser.expressions(p);
            p.expect(")");
            Object[] values = new Object[row.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(i).eval(scope);
            }
            if (!r.rows.isEmpty() && values.length != r.rows.get(0).length) {
                throw FakeError.compilation("002020", "Different number of values in VALUES rows");
            }
            r.rows.add(values);
        } while (p.accept(","));
        for (int i = 0; i < r.rows.get(0).length; i++) {
            r.names.add("COLUMN" + (i + 1));
            r.types.add(typeOfValues(r.rows, i));
        }
        return r;
    }

    static FakeType typeOfValues(List<Object[]> rows, int column) {
        for (Object[] row : rows) {
            if (row[column] != null) {
                return FakeResults.typeOf(row[column]);
            }
        }
        return FakeType.TEXT;
    }

    /**
     * A SELECT: {@code SELECT items [FROM source [alias]] [WHERE cond] [ORDER BY exprs]}.
     * With {@code whole}, the statement must end after it.
     */
    Result select(FakeSql p, Scope scope, boolean whole) {
        if (p.accept("(")) {
            Result inner = select(p, scope, false);
            p.expect(")");
            return inner;
        }
        p.expect("SELECT");
        List<FakeExpr> items = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        boolean star = false;
        boolean countStar = false;
        do {
            if (p.accept("*")) {
                star = true;
                continue;
            }
            if (p.peek().is("COUNT") && p.peek(1).is("(") && p.peek(2).is("*")) {
                p.accept("COUNT", "(", "*", ")");
                countStar = true;
                items.add(null);
            } else {
                items.add(FakeParser.expression(p));
            }
            String label = null;
            if (p.accept("AS")) {
                label = p.identifier();
            } else if (p.peek().kind == FakeSql.Kind.QUOTED
                    || (p.peek().kind == FakeSql.Kind.WORD && !FakeParser.RESERVED.contains(p.peek().text))) {
                label = p.identifier();
            }
            FakeExpr last = items.get(items.size() - 1);
            labels.add(label != null ? label : last == null ? "COUNT(*)" : last.label());
        } while (p.accept(","));
        List<Scope> rows = new ArrayList<>();
        Map<String, FakeType> sourceTypes = new LinkedHashMap<>();
        Scope typing = scope;
        if (p.accept("FROM")) {
            Result source;
            String name;
            if (p.peek().is("(")) {
                p.expect("(");
                source = select(p, scope, false);
                p.expect(")");
                name = "SUBQUERY";
            } else if (p.peek().is("VALUES")) {
                source = values(p, scope);
                name = "VALUES";
            } else {
                List<String> qn = p.qualifiedName();
                name = FakeEngine.last(qn);
                source = qn.size() >= 2 && qn.get(qn.size() - 2).equals("INFORMATION_SCHEMA")
                        ? FakeResults.informationSchema(model, name)
                        : tableResult(model.existing(FakeEngine.schemaOf(qn), name));
            }
            String alias = alias(p, name);
            if (p.accept("(")) { // VALUES … AS v (a, b)
                int i = 0;
                do {
                    source.names.set(i++, p.identifier());
                } while (p.accept(","));
                p.expect(")");
            }
            for (int i = 0; i < source.names.size(); i++) {
                sourceTypes.put(source.names.get(i), source.types.get(i));
            }
            typing = scope.with(alias, new LinkedHashMap<>(), sourceTypes);
            for (Object[] values : source.rows) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < values.length; i++) {
                    row.put(source.names.get(i), values[i]);
                }
                rows.add(scope.with(alias, row, sourceTypes));
            }
        } else {
            rows.add(scope);
        }
        if (p.accept("WHERE")) {
            FakeExpr where = FakeParser.expression(p);
            rows.removeIf(s -> !Boolean.TRUE.equals(where.eval(s)));
        }
        if (p.accept("ORDER", "BY")) {
            List<FakeExpr> order = FakeParser.expressions(p);
            List<String> columnsInOrder = new ArrayList<>(sourceTypes.keySet());
            Comparator<Scope> cmp = null;
            for (FakeExpr o : order) {
                FakeExpr key = o;
                if (o instanceof FakeExpr.Literal && ((FakeExpr.Literal) o).value instanceof BigDecimal) {
                    int position = ((BigDecimal) ((FakeExpr.Literal) o).value).intValueExact();
                    key = star ? new FakeExpr.Column(null, columnsInOrder.get(position - 1)) : items.get(position - 1);
                }
                FakeExpr k = key;
                Comparator<Scope> c = (a, b) -> {
                    Object x = k.eval(a);
                    Object y = k.eval(b);
                    if (x == null || y == null) {
                        return x == null ? (y == null ? 0 : 1) : -1; // NULLS LAST
                    }
                    return FakeExpr.compare(x, y);
                };
                cmp = cmp == null ? c : cmp.thenComparing(c);
            }
            rows.sort(cmp);
        }
        if (whole && !p.atEnd()) {
            throw p.syntax();
        }
        Result r = new Result();
        if (star) {
            for (Map.Entry<String, FakeType> e : sourceTypes.entrySet()) {
                r.names.add(e.getKey());
                r.types.add(e.getValue());
            }
        }
        for (int i = 0; i < items.size(); i++) {
            r.names.add(labels.get(i));
            FakeType t = items.get(i) == null ? FakeType.COUNT : items.get(i).type(typing);
            r.types.add(t);
        }
        if (countStar) {
            r.rows.add(new Object[] {BigDecimal.valueOf(rows.size())});
            return r;
        }
        for (Scope s : rows) {
            List<Object> out = new ArrayList<>();
            if (star) {
                for (String c : sourceTypes.keySet()) {
                    out.add(s.rows.values().iterator().next().get(c));
                }
            }
            for (FakeExpr e : items) {
                out.add(e.eval(s));
            }
            r.rows.add(out.toArray());
        }
        int offset = star ? sourceTypes.size() : 0;
        for (int i = 0; i < items.size(); i++) {
            if (r.types.get(offset + i) == null) {
                r.types.set(offset + i, typeOfValues(r.rows, offset + i));
            }
        }
        return r;
    }

    static Result tableResult(Table t) {
        Result r = new Result();
        t.columns.forEach((name, type) -> {
            r.names.add(name);
            r.types.add(type);
        });
        for (Map<String, Object> row : t.rows) {
            Object[] values = new Object[r.names.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.get(r.names.get(i));
            }
            r.rows.add(values);
        }
        return r;
    }
}
