package io.luden.stream.functions.spool;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainedStopTest {

    @Test
    void asksAgainWhileTasksAreStillStarting() throws Exception {
        Answers job = new Answers(starting(), starting(), CompletableFuture.completedFuture("file:/state/savepoints/sp-1"));

        assertThat(DrainedStop.stopWithSavepoint(job, "file:/state/savepoints", Duration.ofMinutes(1)))
                .isEqualTo("file:/state/savepoints/sp-1");
        assertThat(job.asked).isEqualTo(3);
    }

    @Test
    void anyOtherFailureIsPassedOnAtOnce() {
        Answers job = new Answers(CompletableFuture.failedFuture(new CheckpointException(CheckpointFailureReason.IO_EXCEPTION)));

        assertThatThrownBy(() -> DrainedStop.stopWithSavepoint(job, "file:/sp", Duration.ofMinutes(1)))
                .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(CheckpointException.class);
        assertThat(job.asked).isEqualTo(1);
    }

    @Test
    void givesUpWhenTasksDoNotStartInTime() {
        Answers job = new Answers(starting(), starting(), starting(), starting());

        assertThatThrownBy(() -> DrainedStop.stopWithSavepoint(job, "file:/sp", Duration.ofMillis(300)))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("Not all required tasks are currently running");
        assertThat(job.asked).isBetween(2, 3);
    }

    private static CompletableFuture<String> starting() {
        return CompletableFuture.failedFuture(new CheckpointException(CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING));
    }

    /** A job client whose stop-with-savepoint answers are given in order. */
    private static final class Answers implements JobClient {
        private final Deque<CompletableFuture<String>> answers;
        int asked;

        @SafeVarargs
        Answers(CompletableFuture<String>... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public CompletableFuture<String> stopWithSavepoint(boolean drain, String dir, SavepointFormatType format) {
            asked++;
            return answers.poll();
        }

        @Override public JobID getJobID() { return new JobID(); }
        @Override public CompletableFuture<JobStatus> getJobStatus() { return CompletableFuture.completedFuture(JobStatus.RUNNING); }
        @Override public CompletableFuture<Void> cancel() { return CompletableFuture.completedFuture(null); }
        @Override public CompletableFuture<String> triggerSavepoint(String dir, SavepointFormatType format) { throw new UnsupportedOperationException(); }
        @Override public CompletableFuture<Map<String, Object>> getAccumulators() { return CompletableFuture.completedFuture(Map.of()); }
        @Override public CompletableFuture<JobExecutionResult> getJobExecutionResult() { return new CompletableFuture<>(); }
    }
}
