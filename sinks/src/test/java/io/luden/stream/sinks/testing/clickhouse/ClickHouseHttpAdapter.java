package io.luden.stream.sinks.testing.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's HTTP interface (the part a JDBC / client-v2 connection uses) in front of the engine of
 * {@link ChdbEngine}, on a loopback port. Test-only: no authentication, no compression (clients are set
 * to send and accept none), no sessions. The query is the {@code query} parameter followed by the body,
 * as on a server; an INSERT whose text ends in {@code FORMAT x} gets the body streamed in as data. Request
 * parameters that are ClickHouse settings apply to that request only. Errors answer as a server does:
 * HTTP 500, the code in {@code X-ClickHouse-Exception-Code}, the engine's message as the body.
 */
public final class ClickHouseHttpAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseHttpAdapter.class);

    /** Parameters of the HTTP interface itself, not settings. */
    private static final Set<String> HTTP_PARAMETERS = Set.of("query", "database", "default_format", "query_id",
            "compress", "decompress", "session_id", "session_timeout", "session_check", "user", "password",
            "quota_key", "buffer_size", "wait_end_of_query", "client_protocol_version", "enable_http_compression",
            "send_progress_in_http_headers", "http_headers_progress_interval_ms", "role", "extremes");
    private static final Pattern CODE = Pattern.compile("^\\s*Code:\\s*(\\d+)");
    /** An INSERT whose data follows its text: everything up to {@code FORMAT name} at the end. */
    private static final Pattern INSERT_WITH_FORMAT =
            Pattern.compile("(?is)^\\s*(INSERT\\s+INTO\\s.*?)\\s+FORMAT\\s+([A-Za-z0-9_]+)\\s*$");
    private static final Pattern STARTS_WITH_INSERT = Pattern.compile("(?is)^\\s*INSERT\\s");

    private final ChdbEngine engine;
    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicInteger requests = new AtomicInteger();

    public ClickHouseHttpAdapter(ChdbEngine engine) throws IOException {
        this(engine, 0);
    }

    /** On loopback {@code port} (0: any free one). */
    public ClickHouseHttpAdapter(ChdbEngine engine, int port) throws IOException {
        this.engine = engine;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "clickhouse-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests answered so far (every statement a client sends is one). */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/ping") || (path.equals("/") && exchange.getRequestURI().getRawQuery() == null
                    && exchange.getRequestMethod().equals("GET"))) {
                send(exchange, 200, "Ok.\n".getBytes(StandardCharsets.UTF_8), "TSV", null);
                return;
            }
            Map<String, String> params = parameters(exchange.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String database = header(exchange, "X-ClickHouse-Database", params.getOrDefault("database", "default"));
            String format = header(exchange, "X-ClickHouse-Format", params.getOrDefault("default_format", "TabSeparated"));
            Map<String, String> settings = new LinkedHashMap<>();
            params.forEach((k, v) -> {
                if (!HTTP_PARAMETERS.contains(k) && !k.startsWith("param_")) {
                    settings.put(k, v);
                }
            });
            String queryId = params.getOrDefault("query_id", UUID.randomUUID().toString());
            ChdbEngine.Result r;
            try {
                ChdbEngine.Session session = new ChdbEngine.Session(database, settings);
                r = run(session, params.get("query"), body, format);
            } catch (ChdbEngine.SessionException e) {
                r = new ChdbEngine.Result(new byte[0], e.getMessage(), 0, 0, 0, 0, 0);
            }
            exchange.getResponseHeaders().set("X-ClickHouse-Query-Id", queryId);
            exchange.getResponseHeaders().set("X-ClickHouse-Timezone", "UTC");
            exchange.getResponseHeaders().set("X-ClickHouse-Server-Display-Name", "luden-chdb");
            if (r.error != null) {
                Matcher m = CODE.matcher(r.error);
                String code = m.find() ? m.group(1) : "1001";
                exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", code);
                LOG.debug("query {} failed: {}", queryId, r.error.strip());
                send(exchange, 500, (r.error.strip() + " (version 26.7.3)\n").getBytes(StandardCharsets.UTF_8),
                        null, null);
                return;
            }
            String summary = "{\"read_rows\":\"" + r.rowsRead + "\",\"read_bytes\":\"" + r.bytesRead
                    + "\",\"written_rows\":\"" + r.rowsWritten + "\",\"written_bytes\":\"" + r.bytesWritten
                    + "\",\"total_rows_to_read\":\"0\",\"result_rows\":\"" + r.rowsRead + "\",\"result_bytes\":\""
                    + r.output.length + "\",\"elapsed_ns\":\"" + (long) (r.elapsedSeconds * 1e9) + "\"}";
            send(exchange, 200, r.output, format, summary);
        } catch (RuntimeException e) {
            LOG.warn("ClickHouse HTTP adapter failed on a request", e);
            throw e;
        }
    }

    private ChdbEngine.Result run(ChdbEngine.Session session, String query, byte[] body, String format) {
        if (query == null) {
            return engine.query(session, body, format);
        }
        Matcher insert = INSERT_WITH_FORMAT.matcher(query);
        if (insert.matches()) {
            return engine.insert(session, insert.group(1).getBytes(StandardCharsets.UTF_8), insert.group(2), body);
        }
        if (body.length == 0) {
            return engine.query(session, query.getBytes(StandardCharsets.UTF_8), format);
        }
        // the rest of the statement is in the body, as a server reads it
        byte[] q = query.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[q.length + 1 + body.length];
        System.arraycopy(q, 0, all, 0, q.length);
        all[q.length] = STARTS_WITH_INSERT.matcher(query).find() ? (byte) '\n' : (byte) ' ';
        System.arraycopy(body, 0, all, q.length + 1, body.length);
        return engine.query(session, all, format);
    }

    private static String header(HttpExchange exchange, String name, String otherwise) {
        String v = exchange.getRequestHeaders().getFirst(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String format, String summary)
            throws IOException {
        if (format != null) {
            exchange.getResponseHeaders().set("X-ClickHouse-Format", format);
        }
        if (summary != null) {
            exchange.getResponseHeaders().set("X-ClickHouse-Summary", summary);
        }
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/octet-stream"
                : "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k.toLowerCase(Locale.ROOT).equals(k) ? k : k, v);
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
