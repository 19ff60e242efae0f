package io.luden.stream.functions.template;

import io.luden.stream.functions.EventIds;

import static io.luden.stream.functions.template.GoTemplateValues.NIL;
import static io.luden.stream.functions.template.GoTemplateValues.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a parsed {@link GoTemplate} against one event. The dot is always the event (the subset has
 * no {@code with}/{@code range}), so {@code .} and {@code $} mean the same.
 */
final class GoTemplateEvaluator {

    private final String source;
    private final ObjectNode event;
    /** {@code _timestamp} as a time, or null when the template does not use it. */
    private final GoTime timestamp;
    /** What an action that yields no value prints; null: Go's {@code <no value>}. */
    private final String missing;

    GoTemplateEvaluator(String source, ObjectNode event, GoTime timestamp) {
        this(source, event, timestamp, null);
    }

    GoTemplateEvaluator(String source, ObjectNode event, GoTime timestamp, String missing) {
        this.source = source;
        this.event = event;
        this.timestamp = timestamp;
        this.missing = missing;
    }

    String run(List<GoTemplateNode> nodes) throws TemplateException {
        StringBuilder out = new StringBuilder();
        walk(nodes, out);
        return out.toString();
    }

    private void walk(List<GoTemplateNode> nodes, StringBuilder out) throws TemplateException {
        for (GoTemplateNode node : nodes) {
            if (node instanceof GoTemplateNode.Text) {
                out.append(((GoTemplateNode.Text) node).text());
            } else if (node instanceof GoTemplateNode.Action) {
                Object value = pipeline(((GoTemplateNode.Action) node).pipeline());
                out.append(value == NIL && missing != null ? missing : GoTemplateValues.print(value));
            } else {
                GoTemplateNode.If branch = (GoTemplateNode.If) node;
                boolean taken = GoTemplateValues.isTrue(pipeline(branch.condition()));
                walk(taken ? branch.then() : branch.otherwise(), out);
            }
        }
    }

    private Object pipeline(GoTemplateNode.Pipeline pipeline) throws TemplateException {
        String where = GoTemplate.position(source, pipeline.pos()) + ", at <" + pipeline.source() + ">: ";
        List<Object> piped = List.of();
        Object value = NIL;
        for (GoTemplateNode.Command command : pipeline.commands()) {
            value = command(command, piped, where);
            piped = List.of(value);
        }
        return value;
    }

    private Object command(GoTemplateNode.Command command, List<Object> piped, String where) throws TemplateException {
        List<GoTemplateNode.Operand> operands = command.operands();
        GoTemplateNode.Operand first = operands.get(0);
        List<GoTemplateNode.Operand> rest = operands.subList(1, operands.size());
        if (first instanceof GoTemplateNode.Function) {
            String name = ((GoTemplateNode.Function) first).name();
            if (name.equals("and") || name.equals("or")) {
                return andOr(name.equals("and"), rest, piped, where);
            }
            return GoTemplateFunctions.call(name, arguments(rest, piped), where);
        }
        List<Object> args = arguments(rest, piped);
        if (first instanceof GoTemplateNode.Field) {
            GoTemplateNode.Field field = (GoTemplateNode.Field) first;
            return resolve(event, field.path(), true, args, field.source(), where);
        }
        if (first instanceof GoTemplateNode.Group) {
            GoTemplateNode.Group group = (GoTemplateNode.Group) first;
            return resolve(pipeline(group.pipeline()), group.path(), false, args, "(...)", where);
        }
        if (!args.isEmpty()) {
            throw new TemplateException(where + "can't give argument to non-function "
                    + GoTemplateValues.print(((GoTemplateNode.Literal) first).value()));
        }
        return ((GoTemplateNode.Literal) first).value();
    }

    /** Go's and/or: stop at the first false (and) / true (or) argument and return it, else the last. */
    private Object andOr(boolean and, List<GoTemplateNode.Operand> operands, List<Object> piped, String where)
            throws TemplateException {
        if (operands.isEmpty() && piped.isEmpty()) {
            throw new TemplateException(where + (and ? "and" : "or") + " needs at least 1 argument");
        }
        Object value = NIL;
        for (GoTemplateNode.Operand operand : operands) {
            value = operand(operand, where);
            if (GoTemplateValues.isTrue(value) != and) {
                return value;
            }
        }
        return piped.isEmpty() ? value : piped.get(0);
    }

    private List<Object> arguments(List<GoTemplateNode.Operand> operands, List<Object> piped) throws TemplateException {
        List<Object> args = new ArrayList<>(operands.size() + piped.size());
        for (GoTemplateNode.Operand operand : operands) {
            args.add(operand(operand, null));
        }
        args.addAll(piped);
        return args;
    }

    /** The value of an operand in argument position (where no arguments can follow it). */
    private Object operand(GoTemplateNode.Operand operand, String where) throws TemplateException {
        if (operand instanceof GoTemplateNode.Literal) {
            return ((GoTemplateNode.Literal) operand).value();
        }
        String at = where != null ? where
                : GoTemplate.position(source, operand.pos()) + ": ";
        if (operand instanceof GoTemplateNode.Field) {
            GoTemplateNode.Field field = (GoTemplateNode.Field) operand;
            return resolve(event, field.path(), true, List.of(), field.source(), at);
        }
        GoTemplateNode.Group group = (GoTemplateNode.Group) operand;
        return resolve(pipeline(group.pipeline()), group.path(), false, List.of(), "(...)", at);
    }

    /**
     * Walks a field chain. A missing key (or null) anywhere yields nil, as Go does for maps; a field
     * of a string, number or array is an error; on a time the names are methods, the last one
     * receiving {@code args}.
     */
    private Object resolve(Object start, List<String> path, boolean fromEvent, List<Object> args, String chain,
            String where) throws TemplateException {
        Object current = start;
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            boolean last = i == path.size() - 1;
            if (current instanceof GoTime) {
                current = ((GoTime) current).call(name, last ? args : List.of(), where);
                if (last) {
                    return current;
                }
                continue;
            }
            if (current == NIL) {
                continue;
            }
            if (!(current instanceof JsonNode) || !((JsonNode) current).isObject()) {
                throw new TemplateException(where + "can't evaluate field " + name + " of " + chain
                        + ": the value before it is " + kind(current) + ", not an object");
            }
            if (fromEvent && i == 0 && timestamp != null && name.equals(EventIds.TIMESTAMP_FIELD)) {
                current = timestamp;
            } else {
                current = GoTemplateValues.fromJson(((JsonNode) current).get(name));
            }
        }
        if (!args.isEmpty()) {
            throw new TemplateException(where + chain + " is " + kind(current)
                    + ", not a method or function: it can't take arguments");
        }
        return current;
    }
}
