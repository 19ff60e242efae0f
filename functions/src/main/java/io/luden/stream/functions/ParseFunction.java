package io.luden.stream.functions;

import io.luden.stream.functions.spool.SpoolLine;
import io.luden.stream.sinks.files.OutputLine;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;

/** Flink shell of {@link SpoolEventParser}: malformed lines go to the {@link #MALFORMED} side output. */
public class ParseFunction extends ProcessFunction<SpoolLine, EventRecord> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<OutputLine> MALFORMED = new OutputTag<>("malformed") {};

    private final SpoolEventParser parser;
    private transient Counter eventsRead;
    private transient Counter malformed;
    private transient LongCounter eventsReadTotal;
    private transient LongCounter malformedTotal;

    public ParseFunction(Router router) {
        this.parser = new SpoolEventParser(router);
    }

    @Override
    public void open(OpenContext openContext) {
        eventsRead = getRuntimeContext().getMetricGroup().counter("eventsRead");
        malformed = getRuntimeContext().getMetricGroup().counter("eventsMalformed");
        eventsReadTotal = Summary.counter(getRuntimeContext(), Summary.SPOOL, Summary.READ);
        malformedTotal = Summary.counter(getRuntimeContext(), Summary.SPOOL, Summary.MALFORMED);
    }

    @Override
    public void processElement(SpoolLine line, Context ctx, Collector<EventRecord> out) {
        Instant now = Instant.now();
        try {
            EventRecord event = parser.parse(line, now);
            if (event != null) {
                event.readAt = now.toEpochMilli();
                eventsRead.inc();
                eventsReadTotal.add(1);
                out.collect(event);
            }
        } catch (SpoolEventParser.MalformedLineException e) {
            malformed.inc();
            malformedTotal.add(1);
            ctx.output(MALFORMED, new OutputLine(null,
                    FailedLines.forMalformed(line.text, "malformed event: " + e.getMessage(), line.path, line.line, now)));
        }
    }
}
