package io.luden.stream.job;

import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolDone;
import io.luden.stream.functions.spool.SpoolSource;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

import java.io.File;
import java.nio.file.Path;

/**
 * Flink settings that follow from the configuration: exactly-once checkpoints every
 * {@code state.checkpoint_interval}, kept under {@code state.dir} when the job is cancelled, so a
 * later run can resume from the newest one.
 */
public final class JobSettings {
    public static final String CHECKPOINTS = "checkpoints";
    public static final String SAVEPOINTS = "savepoints";

    private JobSettings() {}

    public static void apply(Configuration conf, LudenConfig config) {
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(config.stateDir(), CHECKPOINTS));
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(config.stateDir(), SAVEPOINTS));
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // rocksdb keeps keyed state (schemas, queues of events waiting for a warehouse) on disk, so a
        // backlog can outgrow memory; its checkpoints are incremental
        conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
        if (LudenConfig.ROCKSDB.equals(config.stateBackend())) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        }
        // every record type between operators is a POJO or a basic type: never fall back to Kryo
        conf.set(PipelineOptions.GENERIC_TYPES, false);
    }

    /** Resume from {@code snapshot} (a checkpoint or savepoint directory); state of removed operators is dropped. */
    public static void restoreFrom(Configuration conf, Path snapshot) {
        conf.set(StateRecoveryOptions.SAVEPOINT_PATH, snapshot.toUri().toString());
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
    }

    /** The spool of {@code spool.dir}, listed every {@code spool.discovery_interval}, read files handled per {@code spool.after_read}. */
    static SpoolSource continuousSpool(LudenConfig config) {
        return SpoolSource.continuous(new org.apache.flink.core.fs.Path(config.spoolDir()), config.spoolDiscoveryInterval())
                .whenRead(spoolDone(config));
    }

    /** The files in {@code spool.dir} at start, read files handled per {@code spool.after_read}. */
    static SpoolSource boundedSpool(LudenConfig config) {
        return SpoolSource.bounded(new org.apache.flink.core.fs.Path(config.spoolDir())).whenRead(spoolDone(config));
    }

    /** {@code spool.after_read} as the spool source's policy. */
    static SpoolDone spoolDone(LudenConfig config) {
        switch (config.spoolAfterRead()) {
            case DELETE:
                return SpoolDone.delete();
            case KEEP:
                return SpoolDone.keep();
            default:
                return SpoolDone.moveTo(new org.apache.flink.core.fs.Path(config.spoolDir()),
                        new org.apache.flink.core.fs.Path(config.spoolDoneDir()));
        }
    }

    public static String uri(String dir, String child) {
        return new File(dir, child).toURI().toString();
    }
}
