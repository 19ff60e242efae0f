package io.luden.stream.sinks.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on loopback (the JDK's {@code com.sun.net.httpserver}) that a webhook
 * destination sends to: it records every request it received (method, path and query, headers,
 * body) and answers what the test says — a status, a body, after a delay. It can be stopped (the
 * port then refuses connections) and started again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as the server received it. */
    public record Request(String method, String uri, Map<String, String> headers, String body) {
        /** A header's value (names ignore case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to answer. */
    public record Response(int status, String body, long delayMillis) {
        public static Response status(int status) {
            return new Response(status, "", 0);
        }

        public static Response status(int status, String body) {
            return new Response(status, body, 0);
        }
    }

    private final List<Request> received = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Function<Request, Response> responder = r -> Response.status(200);
    private volatile CountDownLatch hold;
    private ExecutorService executor;
    private HttpServer server;
    private int port;

    /** Starts on a free loopback port. */
    public WebhookReceiver() {
        start(0);
    }

    /** Answers every following request with {@code responder}'s answer. */
    public WebhookReceiver respond(Function<Request, Response> responder) {
        this.responder = responder;
        return this;
    }

    /** Until {@link #release()}, every request is recorded and then held without an answer. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>} */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(received);
    }

    /** Most requests that were being answered at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Stops listening: connections to the port are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            start(port);
        }
    }

    private synchronized void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
            synchronized (this) {
                received.add(request);
            }
            CountDownLatch h = hold;
            if (h != null) {
                h.await(60, TimeUnit.SECONDS);
            }
            Response response = responder.apply(request);
            if (response.delayMillis() > 0) {
                Thread.sleep(response.delayMillis());
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        release();
        stop();
    }
}
