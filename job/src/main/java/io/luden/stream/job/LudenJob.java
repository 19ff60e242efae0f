package io.luden.stream.job;

import io.luden.stream.config.ConfigException;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolLine;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * Entry point of the job JAR on a Flink cluster:
 * {@code flink run luden-stream.jar --config /path/luden.yaml [--bounded]}. Reads the spool
 * continuously; with {@code --bounded} it reads the files present at start and finishes.
 */
public final class LudenJob {
    public static final String JOB_NAME = "Luden Stream";

    private LudenJob() {}

    public static void main(String[] args) throws Exception {
        String configFile = "conf/luden.yaml";
        boolean bounded = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config":
                    if (i + 1 >= args.length) {
                        badArguments("--config needs a file");
                    }
                    configFile = args[++i];
                    break;
                case "--bounded":
                    bounded = true;
                    break;
                default:
                    badArguments("unknown argument '" + args[i] + "'; usage: --config FILE [--bounded]");
            }
        }
        LudenConfig config;
        try {
            config = StartupChecks.load(Path.of(configFile));
        } catch (ConfigException e) {
            // never System.exit: submitted through the REST API / web UI, main() runs inside the
            // JobManager and an exit would end the whole cluster. The message reaches the client.
            throw new IllegalArgumentException("luden: " + e.getMessage(), e);
        }
        config.warnings().forEach(w -> System.err.println("luden: warning: " + w));

        Configuration conf = new Configuration();
        JobSettings.apply(conf, config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        Source<SpoolLine, ?, ?> source = bounded
                ? JobSettings.boundedSpool(config).finishWhenDrained()
                : JobSettings.continuousSpool(config);
        LudenTopology.build(env, config, source);
        env.execute(JOB_NAME);
    }

    /** Never System.exit: main() may run inside the JobManager (REST / web UI submission). */
    private static void badArguments(String message) {
        throw new IllegalArgumentException("luden: " + message);
    }
}
