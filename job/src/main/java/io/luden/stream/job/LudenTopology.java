package io.luden.stream.job;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.DestinationKeys;
import io.luden.stream.functions.DestinationLoader;
import io.luden.stream.functions.EventRecord;
import io.luden.stream.functions.MultiplexFunction;
import io.luden.stream.functions.ParseFunction;
import io.luden.stream.functions.Router;
import io.luden.stream.functions.spool.SpoolLine;
import io.luden.stream.sinks.files.OutputFiles;
import io.luden.stream.sinks.files.OutputLine;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's dataflow (SPEC §1), every operator named and given a stable uid so checkpoints and
 * savepoints restore across runs and the web UI reads like the spec:
 * spool → parse → multiplex → keyBy(destination) → loader → failed / archive files.
 */
public final class LudenTopology {
    public static final String SOURCE_UID = "spool-source";
    public static final String PARSE_UID = "parse";
    public static final String MULTIPLEX_UID = "multiplex";
    public static final String LOADER_UID = "destination-loader";

    private LudenTopology() {}

    /**
     * The loader's number of key groups, which {@link DestinationKeys} spreads the destinations over:
     * the job's maximum parallelism, or Flink's default for its parallelism.
     */
    static int loaderMaxParallelism(StreamExecutionEnvironment env) {
        int max = env.getMaxParallelism();
        return max > 0 ? max : KeyGroupRangeAssignment.computeDefaultMaxParallelism(env.getParallelism());
    }

    public static void build(StreamExecutionEnvironment env, LudenConfig config, Source<SpoolLine, ?, ?> source) {
        Router router = new Router(config);

        SingleOutputStreamOperator<EventRecord> parsed = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "Spool " + config.spoolDir())
                .uid(SOURCE_UID)
                .process(new ParseFunction(router))
                .name("Parse event (id, _timestamp, token)")
                .uid(PARSE_UID);

        DestinationKeys keys = DestinationKeys.spread(config.destinations().keySet(), loaderMaxParallelism(env));
        SingleOutputStreamOperator<Void> loaded = parsed
                .flatMap(new MultiplexFunction(router))
                .name("Multiplex by token")
                .uid(MULTIPLEX_UID)
                .keyBy(e -> keys.keyOf(e.destinationId), Types.STRING)
                .transform("Load destinations " + config.destinations().keySet(), Types.VOID,
                        DestinationLoader.factory(config))
                .uid(LOADER_UID);

        DataStream<OutputLine> malformed = parsed.getSideOutput(ParseFunction.MALFORMED);
        malformed.sinkTo(OutputFiles.failed(config.logPath(), null))
                .name("Failed: malformed lines").uid("failed-sink-malformed");

        DataStream<OutputLine> failed = loaded.getSideOutput(DestinationLoader.FAILED);
        DataStream<OutputLine> archive = loaded.getSideOutput(DestinationLoader.ARCHIVE);
        java.util.Set<String> configured = new java.util.HashSet<>(config.destinations().keySet());
        failed.filter(l -> !configured.contains(l.destinationId)).name("Failed of removed destinations")
                .uid("failed-filter-removed")
                .sinkTo(OutputFiles.failedOfRemovedDestinations(config.logPath()))
                .name("Failed: removed destinations").uid("failed-sink-removed");
        for (DestinationConfig d : config.destinations().values()) {
            String id = d.id();
            failed.filter(l -> id.equals(l.destinationId)).name("Failed of " + id).uid("failed-filter-" + id)
                    .sinkTo(OutputFiles.failed(config.logPath(), id)).name("Failed: " + id).uid("failed-sink-" + id);
            archive.filter(l -> id.equals(l.destinationId)).name("Archive of " + id).uid("archive-filter-" + id)
                    .sinkTo(OutputFiles.archive(config.logPath(), id)).name("Archive: " + id).uid("archive-sink-" + id);
        }
    }
}
