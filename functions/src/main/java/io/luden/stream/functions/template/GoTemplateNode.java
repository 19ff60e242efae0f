package io.luden.stream.functions.template;

import java.util.List;

/** The parse tree of a {@link GoTemplate}; {@code pos} fields are template offsets for errors. */
interface GoTemplateNode {

    /** Literal text, printed as is. */
    record Text(String text) implements GoTemplateNode {}

    /** {@code {{pipeline}}}: evaluated and printed. */
    record Action(Pipeline pipeline) implements GoTemplateNode {}

    /** {@code {{if cond}}then{{else}}otherwise{{end}}}; an {@code else if} is an If inside otherwise. */
    record If(Pipeline condition, List<GoTemplateNode> then, List<GoTemplateNode> otherwise)
            implements GoTemplateNode {}

    /** Commands joined by {@code |}: each result is passed as the last argument of the next. */
    record Pipeline(List<Command> commands, int pos, String source) {}

    /** A function call ({@code eq .a "b"}), a method call ({@code ._timestamp.Format "2006"}) or one value. */
    record Command(List<Operand> operands, int pos) {}

    /** One operand of a command. */
    interface Operand {
        int pos();
    }

    /** {@code .a.b} or {@code $.a.b}; an empty path is the event itself ({@code .} or {@code $}). */
    record Field(List<String> path, String source, int pos) implements Operand {}

    /**
     * A constant: String, Long, BigInteger, BigDecimal, Boolean, or {@link GoTemplateValues#NIL}
     * for {@code nil}.
     */
    record Literal(Object value, int pos) implements Operand {}

    /** The name of a function, first in a command. */
    record Function(String name, int pos) implements Operand {}

    /** {@code (pipeline)}, optionally followed by a field chain: {@code (get . "/a" nil).b}. */
    record Group(Pipeline pipeline, List<String> path, int pos) implements Operand {}
}
