package io.luden.stream.functions;

import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * Names of the job's accumulators, which the launcher reads for its end-of-run summary: a counter
 * per destination and outcome ({@code luden|<destination>|loaded}) and for the spool as a whole.
 */
public final class Summary {
    public static final String PREFIX = "luden|";
    public static final String SPOOL = "*spool*";

    public static final String READ = "read";
    public static final String MALFORMED = "malformed";
    public static final String NO_DESTINATION = "no destination";
    public static final String LOADED = "loaded";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";
    public static final String WAITING = "waiting";

    private Summary() {}

    public static String name(String scope, String outcome) {
        return PREFIX + scope + "|" + outcome;
    }

    /** The subtask's counter for {@code scope}/{@code outcome}, registered on first use. */
    public static LongCounter counter(RuntimeContext ctx, String scope, String outcome) {
        String name = name(scope, outcome);
        Accumulator<Long, Long> existing = ctx.getAccumulator(name);
        if (existing instanceof LongCounter) {
            return (LongCounter) existing;
        }
        LongCounter c = new LongCounter();
        ctx.addAccumulator(name, c);
        return c;
    }

    /** scope → outcome → value, from a job's accumulator results. */
    public static Map<String, Map<String, Long>> read(Map<String, Object> accumulators) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (!e.getKey().startsWith(PREFIX) || !(e.getValue() instanceof Number)) {
                continue;
            }
            String[] parts = e.getKey().substring(PREFIX.length()).split("\\|", 2);
            if (parts.length == 2) {
                out.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], ((Number) e.getValue()).longValue());
            }
        }
        return out;
    }
}
