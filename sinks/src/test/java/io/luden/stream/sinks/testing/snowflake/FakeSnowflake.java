package io.luden.stream.sinks.testing.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * TEST ONLY: a loopback HTTP server speaking the part of Snowflake's REST protocol that
 * snowflake-jdbc uses for password login and JSON-result queries ({@code /session/v1/login-request},
 * {@code /queries/v1/query-request}, {@code /session?delete=true}, token renewal, heartbeat), running
 * the statements on {@link FakeEngine}'s in-memory tables and recording every request (SQL text and
 * bindings). Errors go out as Snowflake sends them: its 6-digit code, SQLState and message, so the
 * driver throws the exception it throws for a real one. It checks no password, and has nothing a
 * production setting could reach: it listens on 127.0.0.1 only.
 */
public final class FakeSnowflake implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request the driver sent: its path, and for a query its SQL text and bindings. */
    public static final class Request {
        public final String path;
        public final String sql;
        /** The bindings as sent: position → {type, value} (value an array for array binding); null when none. */
        public final JsonNode bindings;
        public final JsonNode body;

        Request(String path, String sql, JsonNode bindings, JsonNode body) {
            this.path = path;
            this.sql = sql;
            this.bindings = bindings;
            this.body = body;
        }

        @Override
        public String toString() {
            return path + (sql == null ? "" : " " + sql) + (bindings == null ? "" : " " + bindings);
        }
    }

    private final HttpServer server;
    private final FakeModel model = new FakeModel();
    private final FakeEngine engine = new FakeEngine(model);
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, FakeEngine.Session> sessions = new ConcurrentHashMap<>();
    private final List<Map.Entry<Predicate<String>, FakeError>> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ids = new AtomicLong();

    private FakeSnowflake() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-snowflake");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeSnowflake start() {
        try {
            return new FakeSnowflake();
        } catch (IOException e) {
            throw new IllegalStateException("the fake Snowflake did not start", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public FakeModel model() {
        return model;
    }

    /** Every request so far, in order. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The queries so far whose SQL matches {@code test}. */
    public List<Request> queries(Predicate<String> test) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests()) {
            if (r.sql != null && test.test(r.sql)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The next query whose SQL matches {@code test} is answered with {@code error} instead of being run. */
    public void failNext(Predicate<String> test, FakeError error) {
        failures.add(Map.entry(test, error));
    }

    /** Forgets every session: the next query of an open connection is answered "session no longer exists". */
    public void dropSessions() {
        sessions.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            JsonNode body = readBody(ex);
            ObjectNode answer;
            switch (path) {
                case "/session/v1/login-request":
                    requests.add(new Request(path, null, null, body));
                    answer = login();
                    break;
                case "/queries/v1/query-request":
                    answer = query(ex, body);
                    break;
                case "/session":
                    requests.add(new Request(path + "?" + ex.getRequestURI().getQuery(), null, null, body));
                    FakeEngine.Session gone = sessions.remove(token(ex));
                    if (gone != null) {
                        engine.rollback(gone); // Snowflake rolls back a closed session's open transaction
                    }
                    answer = ok(MAPPER.createObjectNode());
                    break;
                case "/session/token-request": {
                    requests.add(new Request(path, null, null, body));
                    ObjectNode data = MAPPER.createObjectNode();
                    String token = newSession();
                    data.put("sessionToken", token);
                    data.put("validityInSecondsST", 3600);
                    data.put("masterToken", "master-" + token);
                    data.put("validityInSecondsMT", 14400);
                    answer = ok(data);
                    break;
                }
                case "/session/heartbeat":
                    requests.add(new Request(path, null, null, body));
                    answer = ok(MAPPER.createObjectNode());
                    break;
                default:
                    requests.add(new Request(path, null, null, body));
                    send(ex, 404, MAPPER.createObjectNode().put("success", false).put("message", "not in the fake: " + path));
                    return;
            }
            send(ex, 200, answer);
        } catch (RuntimeException e) {
            send(ex, 500, MAPPER.createObjectNode().put("success", false).put("message", String.valueOf(e)));
        }
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase().contains("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
    }

    private static void send(HttpExchange ex, int status, JsonNode json) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(json);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String newSession() {
        String token = "token-" + UUID.randomUUID();
        sessions.put(token, new FakeEngine.Session());
        return token;
    }

    /** The session token of {@code Authorization: Snowflake Token="…"}. */
    private static String token(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return "";
        }
        int start = auth.indexOf('"');
        int end = auth.lastIndexOf('"');
        return start >= 0 && end > start ? auth.substring(start + 1, end) : auth;
    }

    private ObjectNode login() {
        String token = newSession();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("token", token);
        data.put("masterToken", "master-" + token);
        data.put("validityInSeconds", 3600);
        data.put("masterValidityInSeconds", 14400);
        data.put("displayUserName", "LUDEN");
        data.put("serverVersion", "9.0.0");
        data.put("firstLogin", false);
        data.put("healthCheckInterval", 45);
        data.put("sessionId", ids.incrementAndGet());
        var parameters = data.putArray("parameters");
        parameters.addObject().put("name", "TIMEZONE").put("value", "UTC");
        parameters.addObject().put("name", "AUTOCOMMIT").put("value", true);
        parameters.addObject().put("name", "CLIENT_TELEMETRY_ENABLED").put("value", false);
        parameters.addObject().put("name", "CLIENT_SESSION_KEEP_ALIVE").put("value", false);
        ObjectNode info = data.putObject("sessionInfo");
        info.put("databaseName", FakeEngine.DATABASE);
        info.put("schemaName", "PUBLIC");
        info.put("warehouseName", "LUDEN_WH");
        info.put("roleName", "LUDEN");
        return ok(data);
    }

    private ObjectNode query(HttpExchange ex, JsonNode body) {
        String sql = body.path("sqlText").asText();
        JsonNode bindings = body.has("bindings") && !body.get("bindings").isNull() ? body.get("bindings") : null;
        requests.add(new Request("/queries/v1/query-request", sql, bindings, body));
        FakeEngine.Session session = sessions.get(token(ex));
        if (session == null) {
            return error(new FakeError("390111", "08001", "Session no longer exists.  New login required to access the service."));
        }
        synchronized (failures) {
            for (Iterator<Map.Entry<Predicate<String>, FakeError>> it = failures.iterator(); it.hasNext(); ) {
                Map.Entry<Predicate<String>, FakeError> f = it.next();
                if (f.getKey().test(sql)) {
                    it.remove();
                    return error(f.getValue());
                }
            }
        }
        boolean describeOnly = body.path("describeOnly").asBoolean(false);
        try {
            FakeEngine.Result result;
            if (describeOnly) {
                result = FakeEngine.status(statementType(sql), "described");
                result.rows.clear();
            } else {
                result = run(session, sql, bindings);
            }
            ObjectNode data = MAPPER.createObjectNode();
            // the driver learns the session's AUTOCOMMIT from the parameters each answer carries
            data.putArray("parameters").addObject().put("name", "AUTOCOMMIT").put("value", session.autocommit);
            data.set("rowtype", FakeResults.rowtype(result));
            data.set("rowset", FakeResults.rowset(result));
            data.put("total", result.rows.size());
            data.put("returned", result.rows.size());
            data.put("queryId", queryId());
            data.put("finalDatabaseName", FakeEngine.DATABASE);
            data.put("finalSchemaName", "PUBLIC");
            data.put("finalWarehouseName", "LUDEN_WH");
            data.put("finalRoleName", "LUDEN");
            data.put("numberOfBinds", bindings == null ? 0 : bindings.size());
            data.put("arrayBindSupported", false);
            data.put("statementTypeId", result.statementType);
            data.put("version", 1);
            data.put("queryResultFormat", "json");
            return ok(data);
        } catch (FakeError e) {
            return error(e);
        }
    }

    /** Runs the statement once, or once per row of array bindings (as Snowflake's array binding does). */
    private FakeEngine.Result run(FakeEngine.Session session, String sql, JsonNode bindings) {
        int rows = 1;
        if (bindings != null) {
            for (JsonNode b : bindings) {
                if (b.path("value").isArray()) {
                    rows = b.get("value").size();
                }
            }
        }
        FakeEngine.Result total = null;
        for (int r = 0; r < rows; r++) {
            List<Object> params = new ArrayList<>();
            if (bindings != null) {
                for (int i = 1; i <= bindings.size(); i++) {
                    JsonNode b = bindings.get(Integer.toString(i));
                    JsonNode v = b.path("value").isArray() ? b.get("value").get(r) : b.path("value");
                    params.add(bindValue(b.path("type").asText(), v));
                }
            }
            FakeEngine.Result one = engine.execute(session, sql, params);
            if (total == null) {
                total = one;
            } else if (!one.rows.isEmpty() && one.rows.get(0)[0] instanceof BigDecimal) {
                total.rows.set(0, new Object[] {((BigDecimal) total.rows.get(0)[0]).add((BigDecimal) one.rows.get(0)[0])});
            }
        }
        return total;
    }

    private static long statementType(String sql) {
        String s = sql.stripLeading().toUpperCase();
        if (s.startsWith("INSERT")) {
            return 0x3100;
        }
        if (s.startsWith("MERGE")) {
            return 0x3400;
        }
        if (s.startsWith("SELECT") || s.startsWith("SHOW") || s.startsWith("(")) {
            return 0x1000;
        }
        return 0x6000;
    }

    /** A bound value as the driver sends it (always a string): TEXT, FIXED, REAL, BOOLEAN, DATE (ms), TIMESTAMP_* (ns). */
    static Object bindValue(String type, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        String s = v.asText();
        switch (type) {
            case "FIXED":
                return new BigDecimal(s);
            case "REAL":
                return Double.valueOf(s);
            case "BOOLEAN":
                return s.equalsIgnoreCase("true") || s.equals("1");
            case "DATE":
                return LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(s)), ZoneOffset.UTC);
            case "TIMESTAMP_NTZ":
            case "TIMESTAMP_LTZ": {
                BigDecimal[] parts = new BigDecimal(s.split(" ")[0]).divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
                long seconds = parts[0].longValue();
                int nanos = parts[1].intValue();
                if (nanos < 0) {
                    seconds--;
                    nanos += 1_000_000_000;
                }
                LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
                return type.equals("TIMESTAMP_NTZ") ? t : t.atOffset(ZoneOffset.UTC);
            }
            case "TIMESTAMP_TZ": {
                String[] p = s.split(" ");
                BigDecimal[] parts = new BigDecimal(p[0]).divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
                ZoneOffset offset = p.length > 1 ? ZoneOffset.ofTotalSeconds((Integer.parseInt(p[1]) - 1440) * 60) : ZoneOffset.UTC;
                return OffsetDateTime.ofInstant(Instant.ofEpochSecond(parts[0].longValue(), parts[1].longValue()), offset);
            }
            default:
                return s;
        }
    }

    private String queryId() {
        return "01b0fake-0000-" + String.format("%04d", ids.incrementAndGet() % 10000) + "-0000-000000000000";
    }

    private static ObjectNode ok(ObjectNode data) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("data", data);
        o.putNull("code");
        o.putNull("message");
        o.put("success", true);
        return o;
    }

    private ObjectNode error(FakeError e) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode data = o.putObject("data");
        data.put("internalError", false);
        data.put("errorCode", e.code);
        data.put("age", 0);
        data.put("sqlState", e.sqlState);
        data.put("queryId", queryId());
        data.put("line", -1);
        data.put("pos", -1);
        o.put("code", e.code);
        o.put("message", e.getMessage());
        o.put("success", false);
        return o;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
