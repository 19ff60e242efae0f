package io.luden.stream.functions;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.util.List;

/** Multiplexing (SPEC §3): one copy of the event per destination that takes its token. */
public class MultiplexFunction extends RichFlatMapFunction<EventRecord, EventRecord> {
    private static final long serialVersionUID = 1L;

    private final Router router;
    private transient Counter noDestination;
    private transient LongCounter noDestinationTotal;

    public MultiplexFunction(Router router) {
        this.router = router;
    }

    @Override
    public void open(OpenContext openContext) {
        noDestination = getRuntimeContext().getMetricGroup().counter("eventsWithoutDestination");
        noDestinationTotal = Summary.counter(getRuntimeContext(), Summary.SPOOL, Summary.NO_DESTINATION);
    }

    @Override
    public void flatMap(EventRecord event, Collector<EventRecord> out) {
        List<String> destinations = router.destinationsFor(event.token);
        if (destinations.isEmpty()) {
            noDestination.inc();
            noDestinationTotal.add(1);
            return;
        }
        for (String d : destinations) {
            out.collect(event.to(d));
        }
    }
}
