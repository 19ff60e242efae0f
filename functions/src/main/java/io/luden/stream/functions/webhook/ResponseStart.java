package io.luden.stream.functions.webhook;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a response as far as an error message needs it: nothing of a 2xx, the first
 * {@value #MAX_CHARS} characters otherwise — the rest is not read, so a large error page costs no
 * memory.
 */
final class ResponseStart implements HttpResponse.BodySubscriber<String> {
    static final int MAX_CHARS = 300;
    /** Bytes kept: enough for {@value #MAX_CHARS} characters of UTF-8 text. */
    private static final int MAX_BYTES = MAX_CHARS * 4;

    static final HttpResponse.BodyHandler<String> HANDLER = info -> info.statusCode() / 100 == 2
            ? HttpResponse.BodySubscribers.replacing("") : new ResponseStart();

    private final CompletableFuture<String> text = new CompletableFuture<>();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), MAX_BYTES - kept.size());
            byte[] bytes = new byte[n];
            b.get(bytes);
            kept.write(bytes, 0, n);
        }
        if (kept.size() >= MAX_BYTES) {
            subscription.cancel();
            text.complete(excerpt(kept.toByteArray()));
        }
    }

    @Override
    public void onError(Throwable t) {
        text.complete(excerpt(kept.toByteArray())); // a body cut short still goes with its status
    }

    @Override
    public void onComplete() {
        text.complete(excerpt(kept.toByteArray()));
    }

    /** One line of at most {@value #MAX_CHARS} characters, "…" when cut. */
    static String excerpt(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }
}
