package io.luden.stream.job;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the S3 destination, at the AWS SDK's own seam: a global execution interceptor
 * (registered for the job's tests by {@code software/amazon/awssdk/global/handlers/execution.interceptors})
 * that counts the PutObject calls to {@link #BUCKET} and, at the planned ones, crashes the writer —
 * before the request is sent, or after the server stored the object (the object is in the bucket, the
 * loader never hears of it) — or turns a stored object's answer into a client error, as a timeout after
 * the upload would. Inert for every other bucket and when nothing is planned. Counters live across
 * restarts of the job (static), so each fault fires once.
 */
public final class S3FaultInterceptor implements ExecutionInterceptor {
    /** The only bucket whose writes are watched. */
    static final String BUCKET = "crash-test";

    enum When {
        /** The writer dies before the PUT goes out: nothing of the batch is in the bucket. */
        BEFORE_PUT,
        /** The writer dies after the object was stored: in the bucket, not reported, not archived. */
        AFTER_PUT,
        /** The object was stored but the writer sees a client error: the loader retries the batch. */
        LOST_ANSWER
    }

    /** The crash thrown through the SDK and the loader (an Error, so nothing on the way classifies it). */
    static final class InjectedCrash extends Error {
        private static final long serialVersionUID = 1L;

        InjectedCrash(String message) {
            super(message);
        }
    }

    private static final Map<Integer, When> PLAN = new ConcurrentHashMap<>();
    private static final AtomicInteger PUTS = new AtomicInteger();
    private static final AtomicInteger CRASHES = new AtomicInteger();
    private static final AtomicInteger LOST = new AtomicInteger();
    private static final ExecutionAttribute<Integer> NUMBER = new ExecutionAttribute<>("luden-fault-put-number");

    /** Plans {@code when} at the {@code put}-th PutObject call (1-based) to {@link #BUCKET}. */
    static void at(int put, When when) {
        PLAN.put(put, when);
    }

    static void reset() {
        PLAN.clear();
        PUTS.set(0);
        CRASHES.set(0);
        LOST.set(0);
    }

    static int crashes() {
        return CRASHES.get();
    }

    static int lostAnswers() {
        return LOST.get();
    }

    static int puts() {
        return PUTS.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutObjectRequest put) || !BUCKET.equals(put.bucket())) {
            return;
        }
        int n = PUTS.incrementAndGet();
        attributes.putAttribute(NUMBER, n);
        if (PLAN.remove(n, When.BEFORE_PUT)) {
            CRASHES.incrementAndGet();
            throw new InjectedCrash("injected crash before PUT #" + n + " of " + put.key());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Integer n = attributes.getAttribute(NUMBER);
        if (n == null) {
            return;
        }
        String key = ((PutObjectRequest) context.request()).key();
        if (PLAN.remove(n, When.AFTER_PUT)) {
            CRASHES.incrementAndGet();
            throw new InjectedCrash("injected crash after PUT #" + n + " of " + key + " was stored");
        }
        if (PLAN.remove(n, When.LOST_ANSWER)) {
            LOST.incrementAndGet();
            // what the SDK throws when the connection drops while it reads the answer
            throw SdkClientException.create("injected lost answer of PUT #" + n + " of " + key + " (stored)");
        }
    }
}
