package io.luden.stream.functions;

/**
 * Head and tail of a destination's queue of events waiting for its warehouse (DESIGN "The loader's
 * state"), and the retry schedule while the warehouse is unreachable. A Flink POJO in keyed state.
 */
public class QueueState {
    /** Sequence number of the oldest queued event. */
    public long head;
    /** Sequence number the next queued event gets. */
    public long tail;
    /** Connection failures in a row of the event at the head. */
    public int attempts;
    /** Processing time of the next attempt; 0 when none is scheduled. */
    public long nextAttemptAt;

    public QueueState() {}

    public boolean isEmpty() {
        return head == tail;
    }

    public long size() {
        return tail - head;
    }
}
