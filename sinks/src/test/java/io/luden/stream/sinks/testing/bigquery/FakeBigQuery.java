package io.luden.stream.sinks.testing.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A test-only BigQuery REST server for the official client ({@code BigQueryOptions.setHost}): datasets get /
 * insert, tables get / insert / patch, {@code tabledata.insertAll}. It keeps what it was sent — requests,
 * schemas, rows with their {@code insertId} — and answers as BigQuery documents it: legacy type names,
 * {@code "type":"TABLE"}, 404 {@code notFound}, 409 {@code duplicate}, per-row {@code insertErrors}
 * ({@code no such field}, values that do not parse as the column's type, {@code stopped} neighbours unless
 * {@code skipInvalidRows}), a schema update that drops or retypes a column refused, and de-duplication of a
 * row by {@code insertId} within a window (BigQuery's is best effort, about a minute; here it is exact,
 * and {@link #dedupWindow} sets it). Bodies arrive gzip-compressed.
 */
public final class FakeBigQuery implements AutoCloseable {
    /** What a request was. */
    public record Request(String method, String path, JsonNode body, String authorization) {}

    /** A row as stored: its insertId (null when none was sent) and its JSON object. */
    public record StoredRow(String insertId, ObjectNode json) {}

    private static final Pattern DATASETS = Pattern.compile("/projects/([^/]+)/datasets");
    private static final Pattern DATASET = Pattern.compile("/projects/([^/]+)/datasets/([^/]+)");
    private static final Pattern TABLES = Pattern.compile("/projects/([^/]+)/datasets/([^/]+)/tables");
    private static final Pattern TABLE = Pattern.compile("/projects/([^/]+)/datasets/([^/]+)/tables/([^/]+)");
    private static final Pattern INSERT_ALL = Pattern.compile("/projects/([^/]+)/datasets/([^/]+)/tables/([^/]+)/insertAll");
    private static final Pattern QUERIES = Pattern.compile("/projects/([^/]+)/queries");
    /** The one query the fake answers: the writer's look-up of a batch's event ids. */
    private static final Pattern ID_LOOKUP = Pattern.compile("SELECT DISTINCT eventn_ctx_event_id FROM `([^.`]+)\\.([^.`]+)\\.([^.`]+)`"
            + " WHERE eventn_ctx_event_id IN UNNEST\\(@ids\\)");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
    private static final Pattern NUMBER = Pattern.compile("-?(\\d+)(\\.(\\d+))?([eE][+-]?\\d+)?");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** "project:dataset" → table → its resource. */
    private final Map<String, Map<String, ObjectNode>> datasets = new HashMap<>();
    /** "project:dataset.table" → rows. */
    private final Map<String, List<StoredRow>> rows = new HashMap<>();
    /** "project:dataset.table" → insertId → when it was first taken. */
    private final Map<String, Map<String, Instant>> seenIds = new HashMap<>();
    private Duration dedupWindow = Duration.ofMinutes(1);
    private Clock clock = Clock.systemUTC();
    private int failures;
    private int failureStatus;
    private String failureReason;
    private String failurePath;
    private int lostAcks;
    private volatile long insertDelayMillis;
    private final java.util.concurrent.atomic.AtomicLong idsFound = new java.util.concurrent.atomic.AtomicLong();

    public FakeBigQuery() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The {@code host} to give the client (and a destination's config). */
    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How long a row's insertId keeps a second copy out; {@link Duration#ZERO}: no de-duplication. */
    public synchronized void dedupWindow(Duration window) {
        this.dedupWindow = window;
    }

    public synchronized void clock(Clock clock) {
        this.clock = clock;
    }

    /** The next {@code count} requests whose path contains {@code pathPart} get {@code status} with {@code reason}. */
    public synchronized void failNext(int count, int status, String reason, String pathPart) {
        failures = count;
        failureStatus = status;
        failureReason = reason;
        failurePath = pathPart;
    }

    /**
     * The next {@code count} insertAll calls keep their rows and then answer 503 {@code backendError}, as when
     * BigQuery wrote the rows and the answer was lost: the caller must send them again, and insertId keeps them once.
     */
    public synchronized void loseAcks(int count) {
        lostAcks = count;
    }

    /** Each insertAll call takes this long before it is answered (a slow BigQuery). */
    public void insertDelay(long millis) {
        insertDelayMillis = millis;
    }

    /** Event ids that id look-ups found in a table, in all (each time found). */
    public long idsFoundByLookUps() {
        return idsFound.get();
    }

    /** insertAll rows received in all, stored or not (a re-send of the same insertId counts again). */
    public long rowsReceived() {
        return requests().stream().filter(r -> r.path().endsWith("/insertAll") && r.body() != null)
                .mapToLong(r -> r.body().path("rows").size()).sum();
    }

    public synchronized void createDataset(String project, String dataset) {
        datasets.putIfAbsent(project + ":" + dataset, new LinkedHashMap<>());
    }

    /** A table made by someone else, with {@code columns} name → legacy or standard type. */
    public synchronized void createTable(String project, String dataset, String table, Map<String, String> columns) {
        createDataset(project, dataset);
        ObjectNode resource = json.createObjectNode();
        ArrayNode fields = resource.putObject("schema").putArray("fields");
        columns.forEach((n, t) -> fields.addObject().put("name", n).put("type", legacy(t)).put("mode", "NULLABLE"));
        datasets.get(project + ":" + dataset).put(table, complete(project, dataset, table, resource));
    }

    /** A view made by someone else: rows cannot be inserted into it. */
    public synchronized void createView(String project, String dataset, String view) {
        createDataset(project, dataset);
        ObjectNode resource = json.createObjectNode();
        resource.putObject("view").put("query", "SELECT 1 AS x");
        resource.putObject("schema").putArray("fields").addObject().put("name", "x").put("type", "INTEGER").put("mode", "NULLABLE");
        complete(project, dataset, view, resource).put("type", "VIEW");
        datasets.get(project + ":" + dataset).put(view, resource);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public synchronized boolean hasDataset(String project, String dataset) {
        return datasets.containsKey(project + ":" + dataset);
    }

    /** Column → legacy type name (as BigQuery reports it), in schema order; null when the table does not exist. */
    public synchronized Map<String, String> schema(String project, String dataset, String table) {
        ObjectNode t = datasets.getOrDefault(project + ":" + dataset, Map.of()).get(table);
        if (t == null) {
            return null;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        t.path("schema").path("fields").forEach(f -> columns.put(f.get("name").asText(), f.get("type").asText()));
        return columns;
    }

    public synchronized JsonNode table(String project, String dataset, String table) {
        ObjectNode t = datasets.getOrDefault(project + ":" + dataset, Map.of()).get(table);
        return t == null ? null : t.deepCopy();
    }

    public synchronized List<StoredRow> rows(String project, String dataset, String table) {
        return List.copyOf(rows.getOrDefault(project + ":" + dataset + "." + table, List.of()));
    }

    /** Every table of the dataset, by name. */
    public synchronized List<String> tables(String project, String dataset) {
        return List.copyOf(datasets.getOrDefault(project + ":" + dataset, Map.of()).keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            method = method == null ? exchange.getRequestMethod() : method;
            String path = exchange.getRequestURI().getPath().replaceFirst("^/bigquery/v2", "");
            JsonNode body = readBody(exchange);
            requests.add(new Request(method, path, body, exchange.getRequestHeaders().getFirst("Authorization")));
            if (path.endsWith("/insertAll") && insertDelayMillis > 0) {
                try {
                    Thread.sleep(insertDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Reply reply;
            synchronized (this) {
                reply = injectedFailure(path);
                if (reply == null) {
                    reply = route(method, path, body);
                }
            }
            byte[] out = json.writeValueAsBytes(reply.body);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(reply.status, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? null : json.readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    private record Reply(int status, JsonNode body) {}

    private Reply injectedFailure(String path) {
        if (failures <= 0 || (failurePath != null && !path.contains(failurePath))) {
            return null;
        }
        failures--;
        return error(failureStatus, failureReason, "injected failure " + failureStatus + " " + failureReason);
    }

    private Reply route(String method, String path, JsonNode body) {
        Matcher m;
        if ((m = INSERT_ALL.matcher(path)).matches() && method.equals("POST")) {
            Reply reply = insertAll(m.group(1), m.group(2), m.group(3), body);
            if (lostAcks > 0 && reply.status == 200) {
                lostAcks--;
                return error(503, "backendError", "injected: the rows were kept, the answer is lost");
            }
            return reply;
        }
        if ((m = QUERIES.matcher(path)).matches() && method.equals("POST")) {
            return query(m.group(1), body);
        }
        if ((m = TABLE.matcher(path)).matches()) {
            switch (method) {
                case "GET": return getTable(m.group(1), m.group(2), m.group(3));
                case "PATCH": case "PUT": return patchTable(m.group(1), m.group(2), m.group(3), body);
                default: break;
            }
        }
        if ((m = TABLES.matcher(path)).matches() && method.equals("POST")) {
            return createTable(m.group(1), m.group(2), body);
        }
        if ((m = DATASET.matcher(path)).matches() && method.equals("GET")) {
            String key = m.group(1) + ":" + m.group(2);
            if (!datasets.containsKey(key)) {
                return error(404, "notFound", "Not found: Dataset " + key);
            }
            ObjectNode d = json.createObjectNode().put("kind", "bigquery#dataset").put("id", key);
            d.putObject("datasetReference").put("projectId", m.group(1)).put("datasetId", m.group(2));
            return new Reply(200, d);
        }
        if ((m = DATASETS.matcher(path)).matches() && method.equals("POST")) {
            String dataset = body.path("datasetReference").path("datasetId").asText();
            String key = m.group(1) + ":" + dataset;
            if (datasets.containsKey(key)) {
                return error(409, "duplicate", "Already Exists: Dataset " + key);
            }
            datasets.put(key, new LinkedHashMap<>());
            ObjectNode d = ((ObjectNode) body.deepCopy()).put("kind", "bigquery#dataset").put("id", key);
            return new Reply(200, d);
        }
        return error(400, "invalid", "the fake does not implement " + method + " " + path);
    }

    /**
     * jobs.query for the id look-up only, answered from the rows kept (as BigQuery answers from its streaming
     * buffer and storage), complete in one response; any other query is refused.
     */
    private Reply query(String project, JsonNode body) {
        Matcher q = ID_LOOKUP.matcher(body.path("query").asText());
        if (!q.matches() || body.path("useLegacySql").asBoolean(true)) {
            return error(400, "invalidQuery", "the fake answers only the event-id look-up in standard SQL, got: "
                    + body.path("query").asText());
        }
        Reply found = getTable(q.group(1), q.group(2), q.group(3));
        if (found.status != 200) {
            return found;
        }
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (JsonNode p : body.path("queryParameters")) {
            if (p.path("name").asText().equals("ids")) {
                p.path("parameterValue").path("arrayValues").forEach(v -> wanted.add(v.path("value").asText()));
            }
        }
        java.util.Set<String> present = new java.util.LinkedHashSet<>();
        for (StoredRow r : rows.getOrDefault(q.group(1) + ":" + q.group(2) + "." + q.group(3), List.of())) {
            JsonNode id = r.json().get("eventn_ctx_event_id");
            if (id != null && wanted.contains(id.asText())) {
                present.add(id.asText());
            }
        }
        idsFound.addAndGet(present.size());
        ObjectNode response = json.createObjectNode().put("kind", "bigquery#queryResponse").put("jobComplete", true)
                .put("totalRows", String.valueOf(present.size())).put("cacheHit", false).put("totalBytesProcessed", "0");
        response.putObject("schema").putArray("fields").addObject().put("name", "eventn_ctx_event_id")
                .put("type", "STRING").put("mode", "NULLABLE");
        response.putObject("jobReference").put("projectId", project).put("jobId", "job_" + System.nanoTime())
                .put("location", "US");
        ArrayNode out = response.putArray("rows");
        present.forEach(id -> out.addObject().putArray("f").addObject().put("v", id));
        return new Reply(200, response);
    }

    private Reply getTable(String project, String dataset, String table) {
        Map<String, ObjectNode> tables = datasets.get(project + ":" + dataset);
        if (tables == null) {
            return error(404, "notFound", "Not found: Dataset " + project + ":" + dataset);
        }
        ObjectNode t = tables.get(table);
        return t == null ? error(404, "notFound", "Not found: Table " + project + ":" + dataset + "." + table)
                : new Reply(200, t);
    }

    private Reply createTable(String project, String dataset, JsonNode body) {
        Map<String, ObjectNode> tables = datasets.get(project + ":" + dataset);
        if (tables == null) {
            return error(404, "notFound", "Not found: Dataset " + project + ":" + dataset);
        }
        String table = body.path("tableReference").path("tableId").asText();
        if (tables.containsKey(table)) {
            return error(409, "duplicate", "Already Exists: Table " + project + ":" + dataset + "." + table);
        }
        Reply invalid = checkFields(body.path("schema").path("fields"));
        if (invalid != null) {
            return invalid;
        }
        JsonNode partitioning = body.get("timePartitioning");
        if (partitioning != null && partitioning.has("field")) {
            String field = partitioning.get("field").asText();
            String type = null;
            for (JsonNode f : body.path("schema").path("fields")) {
                if (f.get("name").asText().equals(field)) {
                    type = legacy(f.get("type").asText());
                }
            }
            if (!"TIMESTAMP".equals(type) && !"DATE".equals(type) && !"DATETIME".equals(type)) {
                return error(400, "invalid", "The field specified for time partitioning can only be of type TIMESTAMP, DATE or DATETIME. The type found is: " + type);
            }
        }
        ObjectNode resource = (ObjectNode) body.deepCopy();
        normaliseTypes(resource);
        tables.put(table, complete(project, dataset, table, resource));
        return new Reply(200, tables.get(table));
    }

    private Reply patchTable(String project, String dataset, String table, JsonNode body) {
        Reply found = getTable(project, dataset, table);
        if (found.status != 200) {
            return found;
        }
        ObjectNode existing = (ObjectNode) found.body;
        if (body.has("schema")) {
            Map<String, String> old = new LinkedHashMap<>();
            existing.path("schema").path("fields").forEach(f -> old.put(f.get("name").asText(), f.get("type").asText()));
            Map<String, String> given = new LinkedHashMap<>();
            for (JsonNode f : body.path("schema").path("fields")) {
                given.put(f.get("name").asText(), legacy(f.get("type").asText()));
                if (!old.containsKey(f.get("name").asText()) && "REQUIRED".equals(f.path("mode").asText())) {
                    return error(400, "invalid", "Provided Schema does not match Table " + table + ". Cannot add required fields to an existing schema. (field: " + f.get("name").asText() + ")");
                }
            }
            for (Map.Entry<String, String> c : old.entrySet()) {
                if (!given.containsKey(c.getKey())) {
                    return error(400, "invalid", "Provided Schema does not match Table " + project + ":" + dataset + "." + table
                            + ". Field " + c.getKey() + " is missing in new schema");
                }
                if (!given.get(c.getKey()).equals(c.getValue())) {
                    return error(400, "invalid", "Provided Schema does not match Table " + project + ":" + dataset + "." + table
                            + ". Field " + c.getKey() + " has changed type from " + c.getValue() + " to " + given.get(c.getKey()));
                }
            }
            Reply invalid = checkFields(body.path("schema").path("fields"));
            if (invalid != null) {
                return invalid;
            }
            ObjectNode schema = (ObjectNode) body.get("schema").deepCopy();
            existing.set("schema", schema);
            normaliseTypes(existing);
        }
        existing.put("etag", "e" + System.nanoTime());
        return new Reply(200, existing);
    }

    private Reply checkFields(JsonNode fields) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JsonNode f : fields) {
            String name = f.path("name").asText();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,299}") || name.toUpperCase(Locale.ROOT).startsWith("_PARTITION")) {
                return error(400, "invalid", "Invalid field name \"" + name + "\". Fields must contain only letters, numbers,"
                        + " and underscores, start with a letter or underscore, and be at most 300 characters long.");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                return error(400, "invalid", "Field " + name + " already exists in schema");
            }
        }
        return null;
    }

    private Reply insertAll(String project, String dataset, String table, JsonNode body) {
        Reply found = getTable(project, dataset, table);
        if (found.status != 200) {
            return found;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        found.body.path("schema").path("fields").forEach(f -> columns.put(f.get("name").asText(), f.get("type").asText()));
        String key = project + ":" + dataset + "." + table;
        boolean skipInvalid = body.path("skipInvalidRows").asBoolean(false);
        JsonNode given = body.path("rows");
        Map<Integer, ArrayNode> errors = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            ArrayNode rowErrors = json.createArrayNode();
            JsonNode content = given.get(i).path("json");
            content.fields().forEachRemaining(e -> {
                String type = columns.get(e.getKey());
                if (type == null) {
                    rowErrors.addObject().put("reason", "invalid").put("location", e.getKey())
                            .put("message", "no such field: " + e.getKey() + ".");
                } else if (!e.getValue().isNull() && !parses(type, e.getValue())) {
                    rowErrors.addObject().put("reason", "invalid").put("location", e.getKey())
                            .put("message", "Cannot convert value to " + type.toLowerCase(Locale.ROOT) + ": " + e.getValue());
                }
            });
            if (!rowErrors.isEmpty()) {
                errors.put(i, rowErrors);
            }
        }
        ObjectNode response = json.createObjectNode().put("kind", "bigquery#tableDataInsertAllResponse");
        ArrayNode insertErrors = json.createArrayNode();
        if (!errors.isEmpty() && !skipInvalid) {
            for (int i = 0; i < given.size(); i++) {
                ArrayNode e = errors.getOrDefault(i, (ArrayNode) json.createArrayNode());
                if (e.isEmpty()) {
                    e.addObject().put("reason", "stopped").put("location", "").put("message", "");
                }
                insertErrors.addObject().put("index", i).set("errors", e);
            }
            response.set("insertErrors", insertErrors);
            return new Reply(200, response);
        }
        Instant now = clock.instant();
        Map<String, Instant> seen = seenIds.computeIfAbsent(key, k -> new HashMap<>());
        List<StoredRow> stored = rows.computeIfAbsent(key, k -> new ArrayList<>());
        for (int i = 0; i < given.size(); i++) {
            if (errors.containsKey(i)) {
                insertErrors.addObject().put("index", i).set("errors", errors.get(i));
                continue;
            }
            JsonNode id = given.get(i).get("insertId");
            String insertId = id == null || id.isNull() ? null : id.asText();
            if (insertId != null) {
                Instant first = seen.get(insertId);
                if (first != null && Duration.between(first, now).compareTo(dedupWindow) < 0) {
                    continue; // BigQuery's best-effort de-duplication
                }
                seen.put(insertId, now);
            }
            stored.add(new StoredRow(insertId, (ObjectNode) given.get(i).path("json").deepCopy()));
        }
        if (!insertErrors.isEmpty()) {
            response.set("insertErrors", insertErrors);
        }
        return new Reply(200, response);
    }

    /** Whether BigQuery would take {@code value} for a column of legacy type {@code type}. */
    private static boolean parses(String type, JsonNode value) {
        String text = value.asText();
        switch (type) {
            case "INTEGER":
                return value.isIntegralNumber() || (value.isTextual() && INTEGER.matcher(text).matches() && fitsLong(text));
            case "FLOAT":
                return value.isNumber() || (value.isTextual() && NUMBER.matcher(text).matches());
            case "NUMERIC": {
                Matcher m = NUMBER.matcher(text);
                return (value.isNumber() || value.isTextual()) && m.matches()
                        && new BigDecimal(text).stripTrailingZeros().scale() <= 9;
            }
            case "BOOLEAN":
                return value.isBoolean() || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
            case "TIMESTAMP":
                try {
                    OffsetDateTime.parse(text);
                    return value.isTextual();
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "DATE":
                try {
                    LocalDate.parse(text);
                    return value.isTextual();
                } catch (DateTimeParseException e) {
                    return false;
                }
            case "STRING":
                return value.isValueNode();
            default:
                return true;
        }
    }

    private static boolean fitsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** BigQuery reports legacy type names whatever name a table was made with. */
    static String legacy(String type) {
        switch (type.toUpperCase(Locale.ROOT)) {
            case "INT64": return "INTEGER";
            case "FLOAT64": return "FLOAT";
            case "BOOL": return "BOOLEAN";
            case "STRUCT": return "RECORD";
            default: return type.toUpperCase(Locale.ROOT);
        }
    }

    private static void normaliseTypes(ObjectNode resource) {
        for (JsonNode f : resource.path("schema").path("fields")) {
            ((ObjectNode) f).put("type", legacy(f.get("type").asText()));
            if (!f.has("mode")) {
                ((ObjectNode) f).put("mode", "NULLABLE");
            }
        }
    }

    private ObjectNode complete(String project, String dataset, String table, ObjectNode resource) {
        resource.put("kind", "bigquery#table").put("id", project + ":" + dataset + "." + table).put("type", "TABLE")
                .put("etag", "e" + System.nanoTime());
        resource.putObject("tableReference").put("projectId", project).put("datasetId", dataset).put("tableId", table);
        return resource;
    }

    private Reply error(int status, String reason, String message) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", status).put("message", message);
        error.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
        return new Reply(status, body);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
