package io.luden.stream.functions.spool;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.util.ExceptionUtils;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a job with a savepoint once its spool is drained. A spool with little or nothing in it
 * drains while tasks further down (a loader opening its warehouse, restoring its state) are still
 * starting, and a savepoint asked for then is refused ("not all required tasks are currently
 * running"): the job goes on, so the savepoint is asked for again until every task runs.
 */
public final class DrainedStop {

    private static final long RETRY_MILLIS = 200;

    private DrainedStop() {}

    /** The savepoint's path; gives up after {@code patience} of tasks not yet running. */
    public static String stopWithSavepoint(JobClient job, String savepointDir, Duration patience)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                return job.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL).get(5, TimeUnit.MINUTES);
            } catch (ExecutionException e) {
                boolean starting = ExceptionUtils.findThrowable(e, CheckpointException.class)
                        .map(c -> c.getCheckpointFailureReason() == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
                        .orElse(false);
                if (!starting || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }
}
