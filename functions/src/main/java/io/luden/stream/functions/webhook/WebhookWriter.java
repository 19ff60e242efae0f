package io.luden.stream.functions.webhook;

import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.SchemaCache;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook destination (issue 10): one HTTP request per row, in the rows' order, built by
 * {@link WebhookRequests} from the event the row was made from. 2xx → WRITTEN; 429, 408, 5xx, a
 * refused connection, a time-out or any other I/O error → RETRY; any other status → REFUSED with
 * the status and the start of the response body. Once a row gets RETRY, no later row of the call is
 * sent: they are RETRY too (a webhook cannot undo a request, so the order is kept by not sending
 * past a gap). With {@code concurrency} N > 1 up to N requests are in flight at once, started in
 * order; requests already in flight when an earlier one fails are reported RETRY whatever their
 * answer, since they are sent again with it.
 */
public final class WebhookWriter implements BatchWriter {
    /** No identifier limit to speak of: the table name only filters (table_name_template). */
    static final int MAX_IDENTIFIER_LENGTH = 65_535;

    private final WebhookSettings settings;
    private final WebhookRequests requests;
    private final ExecutorService executor;
    private final HttpClient client;

    public WebhookWriter(String destinationId, WebhookSettings settings) {
        this.settings = settings;
        this.requests = new WebhookRequests(destinationId, "destinations." + destinationId + ".config", settings);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "luden-webhook " + destinationId + " #" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
    }

    @Override
    public int maxIdentifierLength() {
        return MAX_IDENTIFIER_LENGTH;
    }

    @Override
    public boolean writesInArrivalOrder() {
        return true;
    }

    @Override
    public List<RowResult> write(String table, List<Row> rows, SchemaCache schemas) {
        RowResult[] results = new RowResult[rows.size()];
        Deque<InFlight> inFlight = new ArrayDeque<>();
        String retry = null; // the first RETRY's reason: nothing after it is sent
        try {
            for (int i = 0; i < rows.size(); i++) {
                while (retry == null && inFlight.size() >= settings.concurrency()) {
                    retry = settle(inFlight.poll(), results, retry);
                }
                if (retry != null) {
                    results[i] = notSent(retry);
                    continue;
                }
                HttpRequest request;
                try {
                    request = requests.request(rows.get(i));
                } catch (WebhookRequests.Refused e) {
                    results[i] = RowResult.refused(e.getMessage());
                    continue;
                }
                inFlight.add(new InFlight(i, request, client.sendAsync(request, ResponseStart.HANDLER)));
            }
            while (!inFlight.isEmpty()) {
                retry = settle(inFlight.poll(), results, retry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the job is stopping: what was not answered is sent again later
            for (InFlight f : inFlight) {
                f.response.cancel(true);
                results[f.index] = RowResult.retry("interrupted while waiting for " + target(f.request));
            }
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = RowResult.retry("not sent: the writer was interrupted");
                }
            }
        }
        return Arrays.asList(results);
    }

    /** Waits for {@code f}'s answer and records its result; returns the (possibly new) first RETRY reason. */
    private static String settle(InFlight f, RowResult[] results, String retry) throws InterruptedException {
        RowResult r = await(f);
        if (retry != null) {
            results[f.index] = RowResult.retry("sent while an earlier request had to be retried (" + retry
                    + "); it is sent again after it" + (r.kind() == RowResult.Kind.WRITTEN ? " (this one was answered 2xx)" : ""));
            return retry;
        }
        results[f.index] = r;
        return r.kind() == RowResult.Kind.RETRY ? r.reason() : null;
    }

    private static RowResult await(InFlight f) throws InterruptedException {
        try {
            HttpResponse<String> response = f.response.get();
            return outcome(target(f.request), response.statusCode(), response.body());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String where = target(f.request);
            if (cause instanceof HttpConnectTimeoutException) {
                return RowResult.retry("no connection to " + where + " within connect_timeout");
            }
            if (cause instanceof HttpTimeoutException) {
                return RowResult.retry("no response from " + where + " within request_timeout");
            }
            if (cause instanceof ConnectException) {
                return RowResult.retry("cannot connect to " + where + " (" + describe(cause) + ")");
            }
            if (cause instanceof IOException) {
                return RowResult.retry("I/O error with " + where + ": " + describe(cause));
            }
            return RowResult.refused("the request to " + where + " failed: " + describe(cause));
        }
    }

    /** What a status means: 2xx delivered; 429, 408 and 5xx connection-class; anything else the event's fault. */
    static RowResult outcome(String target, int status, String bodyStart) {
        if (status >= 200 && status < 300) {
            return RowResult.written();
        }
        String text = "HTTP " + status + " from " + target + (bodyStart == null || bodyStart.isEmpty() ? "" : ": " + bodyStart);
        return status == 429 || status == 408 || status >= 500 ? RowResult.retry(text) : RowResult.refused(text);
    }

    private static RowResult notSent(String retry) {
        return RowResult.retry("not sent: an earlier request must be retried first (" + retry + ")");
    }

    /** Method and URL without query or user info (they may hold secrets), for messages. */
    static String target(HttpRequest request) {
        URI u = request.uri();
        return request.method() + " " + u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        requests.close();
        executor.shutdownNow();
    }

    private record InFlight(int index, HttpRequest request, CompletableFuture<HttpResponse<String>> response) {}
}
