package io.luden.stream.sinks.testing.snowflake;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Expressions of the fake's SQL and the row scope they are evaluated in. */
abstract class FakeExpr {

    /** The rows visible to an expression: alias → (stored column → value), with the columns' types. */
    static final class Scope {
        final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        final Map<String, Map<String, FakeType>> types = new LinkedHashMap<>();
        final List<Object> params;

        Scope(List<Object> params) {
            this.params = params;
        }

        Scope with(String alias, Map<String, Object> row, Map<String, FakeType> columnTypes) {
            Scope s = new Scope(params);
            s.rows.putAll(rows);
            s.types.putAll(types);
            s.rows.put(alias, row);
            s.types.put(alias, columnTypes);
            return s;
        }

        String aliasOf(String qualifier, String column) {
            if (qualifier != null) {
                if (!types.containsKey(qualifier) || !types.get(qualifier).containsKey(column)) {
                    throw FakeError.invalidIdentifier(qualifier + "." + column);
                }
                return qualifier;
            }
            String found = null;
            for (Map.Entry<String, Map<String, FakeType>> e : types.entrySet()) {
                if (e.getValue().containsKey(column)) {
                    if (found != null) {
                        throw FakeError.compilation("002028", "ambiguous column name '" + column + "'");
                    }
                    found = e.getKey();
                }
            }
            if (found == null) {
                throw FakeError.invalidIdentifier(column);
            }
            return found;
        }
    }

    abstract Object eval(Scope scope);

    /** The type of the result, when known without evaluating (a column, a cast); else null. */
    FakeType type(Scope scope) {
        return null;
    }

    /** A column name for a SELECT list item without alias. */
    String label() {
        return "EXPR";
    }

    static final class Literal extends FakeExpr {
        final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Scope scope) {
            return value;
        }
    }

    static final class Param extends FakeExpr {
        final int index;

        Param(int index) {
            this.index = index;
        }

        @Override
        Object eval(Scope scope) {
            if (index > scope.params.size()) {
                throw new FakeError("002049", "42000", "SQL compilation error: Bind variable ? not set.");
            }
            return scope.params.get(index - 1);
        }
    }

    static final class Column extends FakeExpr {
        final String qualifier;
        final String name;

        Column(String qualifier, String name) {
            this.qualifier = qualifier;
            this.name = name;
        }

        @Override
        Object eval(Scope scope) {
            return scope.rows.get(scope.aliasOf(qualifier, name)).get(name);
        }

        @Override
        FakeType type(Scope scope) {
            return scope.types.get(scope.aliasOf(qualifier, name)).get(name);
        }

        @Override
        String label() {
            return name;
        }
    }

    static final class Cast extends FakeExpr {
        final FakeExpr inner;
        final FakeType to;

        Cast(FakeExpr inner, FakeType to) {
            this.inner = inner;
            this.to = to;
        }

        @Override
        Object eval(Scope scope) {
            Object v = inner.eval(scope);
            if (to.kind == FakeType.Kind.TEXT && v != null) {
                return FakeType.text(v); // Snowflake's text of a value, e.g. TIMESTAMP_NTZ '2021-02-03 04:05:06.123'
            }
            return to.assign(v);
        }

        @Override
        FakeType type(Scope scope) {
            return to;
        }

        @Override
        String label() {
            return inner.label();
        }
    }

    static final class Call extends FakeExpr {
        final String function;
        final List<FakeExpr> args;

        Call(String function, List<FakeExpr> args) {
            this.function = function;
            this.args = args;
        }

        @Override
        Object eval(Scope scope) {
            switch (function) {
                case "COALESCE":
                    for (FakeExpr a : args) {
                        Object v = a.eval(scope);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                case "TO_TIMESTAMP_NTZ":
                    return FakeType.parse("TIMESTAMP_NTZ(9)").assign(args.get(0).eval(scope));
                case "TO_TIMESTAMP_TZ":
                    return FakeType.parse("TIMESTAMP_TZ(9)").assign(args.get(0).eval(scope));
                case "EPOCH_SECOND": {
                    Object v = args.get(0).eval(scope);
                    if (v == null) {
                        return null;
                    }
                    OffsetDateTime t = v instanceof OffsetDateTime ? (OffsetDateTime) v
                            : ((LocalDateTime) FakeType.NTZ9.assign(v)).atOffset(java.time.ZoneOffset.UTC);
                    return BigDecimal.valueOf(t.toEpochSecond());
                }
                case "CURRENT_DATABASE":
                    return FakeEngine.DATABASE;
                case "CURRENT_SCHEMA":
                    return "PUBLIC";
                default:
                    throw FakeError.compilation("002140", "Unknown function " + function);
            }
        }

        @Override
        FakeType type(Scope scope) {
            switch (function) {
                case "COALESCE":
                    for (FakeExpr a : args) {
                        FakeType t = a.type(scope);
                        if (t != null) {
                            return t;
                        }
                    }
                    return null;
                case "TO_TIMESTAMP_NTZ":
                    return FakeType.NTZ9;
                case "TO_TIMESTAMP_TZ":
                    return FakeType.parse("TIMESTAMP_TZ(9)");
                default:
                    return FakeType.TEXT;
            }
        }

        @Override
        String label() {
            return function;
        }
    }

    /** {@code =, <>, AND, OR, IS [NOT] NULL}: three-valued, NULL as null. */
    static final class Binary extends FakeExpr {
        final String op;
        final FakeExpr left;
        final FakeExpr right;

        Binary(String op, FakeExpr left, FakeExpr right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Scope scope) {
            switch (op) {
                case "AND": {
                    Object a = left.eval(scope);
                    Object b = right.eval(scope);
                    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
                        return false;
                    }
                    return a == null || b == null ? null : true;
                }
                case "OR": {
                    Object a = left.eval(scope);
                    Object b = right.eval(scope);
                    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
                        return true;
                    }
                    return a == null || b == null ? null : false;
                }
                case "IS NULL":
                    return left.eval(scope) == null;
                case "IS NOT NULL":
                    return left.eval(scope) != null;
                default: {
                    Object a = left.eval(scope);
                    Object b = right.eval(scope);
                    if (a == null || b == null) {
                        return null;
                    }
                    int c = compare(a, b);
                    switch (op) {
                        case "=": return c == 0;
                        case "<>": case "!=": return c != 0;
                        case "<": return c < 0;
                        case ">": return c > 0;
                        case "<=": return c <= 0;
                        case ">=": return c >= 0;
                        default: throw new IllegalStateException(op);
                    }
                }
            }
        }
    }

    /** Snowflake's comparison of two non-null values, converting text to the other side's type. */
    static int compare(Object a, Object b) {
        if (a instanceof String && b instanceof String) {
            return ((String) a).compareTo((String) b);
        }
        if (a instanceof String) {
            return -compare(b, a);
        }
        if (a instanceof BigDecimal || a instanceof Double) {
            BigDecimal x = a instanceof Double ? BigDecimal.valueOf((Double) a) : (BigDecimal) a;
            Object y = FakeType.parse("NUMBER(38,18)").assign(b instanceof Double ? BigDecimal.valueOf((Double) b) : b);
            return x.compareTo((BigDecimal) y);
        }
        if (a instanceof Boolean) {
            return Boolean.compare((Boolean) a, (Boolean) FakeType.BOOLEAN.assign(b));
        }
        if (a instanceof LocalDateTime) {
            return ((LocalDateTime) a).compareTo((LocalDateTime) FakeType.NTZ9.assign(b));
        }
        if (a instanceof OffsetDateTime) {
            return ((OffsetDateTime) a).compareTo((OffsetDateTime) FakeType.parse("TIMESTAMP_TZ(9)").assign(b));
        }
        return Objects.toString(a).compareTo(Objects.toString(b));
    }

    /** The argument list of a call, for building one. */
    static List<FakeExpr> list(FakeExpr... e) {
        return new ArrayList<>(List.of(e));
    }
}
