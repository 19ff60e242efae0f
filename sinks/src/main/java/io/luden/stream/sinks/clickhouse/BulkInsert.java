package io.luden.stream.sinks.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.jdbc.ConnectionImpl;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.TablePatcher;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A batch as ONE {@code INSERT … FORMAT JSONEachRow} (one part, applied whole or not at all):
 * <ul>
 *   <li>rows keyed by the event id (insert-or-do-nothing) leave out the ids the table has already
 *       ({@code SELECT id … WHERE id IN (…)}, answered by the sorting key's index);</li>
 *   <li>when every row has an event id, the INSERT carries {@code insert_deduplication_token} = SHA-256
 *       of the table and the rows' data: the same batch written twice (a retry after a lost answer, two
 *       writers at once) is dropped by the server for the last {@link TableEngine#DEDUPLICATION_WINDOW}
 *       batches, where the anti-join cannot see a row still in flight;</li>
 *   <li>an upsert inserts the batch's rows as the newest versions of their keys (ReplacingMergeTree).</li>
 * </ul>
 * A batch that is not uniform, or keyed by something else than a String event id, goes as its rows' own
 * single-row INSERTs (each with its anti-join).
 */
final class BulkInsert {
    /** The dialect's logger: its "staged N rows" line is what tests read to see the bulk path taken. */
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClickHouseDialect.class);
    static final long TIMEOUT_SECONDS = 300;
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final ClickHouseDialect dialect;
    private final BatchInsert batch;

    BulkInsert(ClickHouseDialect dialect, BatchInsert batch) {
        this.dialect = dialect;
        this.batch = batch;
    }

    void run(Connection connection) throws SQLException {
        if (!batch.isUniform()) {
            batch.executeStatements(connection);
            return;
        }
        List<BatchInsert.Column> columns = batch.columns();
        int idAt = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name.equals(TablePatcher.EVENT_ID_COLUMN)) {
                idAt = i;
            }
        }
        List<String> key = batch.conflictKey();
        boolean doNothing = !key.isEmpty() && (!batch.update() || onlyKeyColumns());
        boolean byEventId = key.equals(List.of(TablePatcher.EVENT_ID_COLUMN)) && idAt >= 0
                && columns.get(idAt).valueType == String.class
                && ClickHouseTypes.category(columns.get(idAt).columnType) == DataType.STRING;
        if (doNothing && !byEventId) {
            batch.executeStatements(connection);
            return;
        }
        Client client = connection.unwrap(ConnectionImpl.class).getClient();
        List<Object[]> rows = batch.rows();
        if (doNothing) {
            rows = withoutExisting(client, rows, idAt);
            if (rows.isEmpty()) {
                LOG.debug("staged {} rows for {}.{} in one INSERT ({} already there)", batch.rows().size(),
                        batch.schema(), batch.table(), batch.rows().size());
                return;
            }
        }
        if (batch.update() && !doNothing) {
            rows = lastOfEachKey(columns);
        }
        StringBuilder data = new StringBuilder(rows.size() * 64 * columns.size());
        String[] keys = new String[columns.size()];
        for (int i = 0; i < keys.length; i++) {
            StringBuilder k = new StringBuilder();
            Json.string(k, columns.get(i).name);
            keys[i] = k.append(':').toString();
        }
        boolean allHaveIds = idAt >= 0;
        for (Object[] row : rows) {
            data.append('{');
            boolean first = true;
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    continue; // the row has no such column: as its single-row INSERT, which does not name it
                }
                if (!first) {
                    data.append(',');
                }
                first = false;
                data.append(keys[i]);
                value(data, row[i]);
            }
            data.append("}\n");
            allHaveIds &= idAt >= 0 && row[idAt] != null;
        }
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(dialect.qualifiedName(batch.schema(), batch.table()))
                .append(" (").append(dialect.quotedNames(names)).append(')');
        if (allHaveIds) {
            sql.append(" SETTINGS insert_deduplication_token = ")
                    .append(ClickHouseDialect.literal(token(batch.schema() + "." + batch.table(), names, data)))
                    .append(", ");
        } else {
            sql.append(" SETTINGS ");
        }
        // timestamps are UTC text with a Z: read as that instant whatever the column's zone
        sql.append("date_time_input_format = 'best_effort'");
        sql.append(" FORMAT JSONEachRow\n").append(data);
        execute(client, sql.toString());
        LOG.debug("staged {} rows for {}.{} in one INSERT ({} already there)", batch.rows().size(), batch.schema(),
                batch.table(), batch.rows().size() - rows.size());
    }

    /**
     * An upsert batch as its rows one by one leave it: of each key the last row, with its own columns only
     * (each single-row upsert is a new version of the whole row, the others' values not merged in).
     */
    private List<Object[]> lastOfEachKey(List<BatchInsert.Column> columns) {
        java.util.Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            at.put(columns.get(i).name, i);
        }
        java.util.Map<List<Object>, Object[]> byKey = new java.util.LinkedHashMap<>();
        for (io.luden.stream.sinks.jdbc.RowInserter.Prepared p : batch.statements()) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < p.columns.size(); i++) {
                values[at.get(p.columns.get(i))] = p.values.get(i);
            }
            List<Object> key = new ArrayList<>();
            for (String k : batch.conflictKey()) {
                Object v = values[at.get(k)];
                key.add(v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v);
            }
            byKey.remove(key); // the last row of a key keeps its place at the end, as one by one
            byKey.put(key, values);
        }
        return new ArrayList<>(byKey.values());
    }

    private boolean onlyKeyColumns() {
        for (BatchInsert.Column c : batch.columns()) {
            if (!batch.conflictKey().contains(c.name)) {
                return false;
            }
        }
        return true;
    }

    /** The rows whose event id the table does not have yet. */
    private List<Object[]> withoutExisting(Client client, List<Object[]> rows, int idAt) throws SQLException {
        StringJoiner ids = new StringJoiner(", ", "(", ")");
        for (Object[] row : rows) {
            ids.add(ClickHouseDialect.literal((String) row[idAt]));
        }
        String id = dialect.quote(TablePatcher.EVENT_ID_COLUMN);
        String sql = "SELECT DISTINCT " + id + " AS id FROM " + dialect.qualifiedName(batch.schema(), batch.table())
                + " WHERE " + id + " IN " + ids;
        Set<String> existing = new HashSet<>();
        try {
            for (GenericRecord r : client.queryAll(sql)) {
                existing.add(r.getString("id"));
            }
        } catch (RuntimeException e) {
            throw sqlException(e);
        }
        if (existing.isEmpty()) {
            return rows;
        }
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (!existing.contains((String) row[idAt])) {
                out.add(row);
            }
        }
        return out;
    }

    private static void execute(Client client, String sql) throws SQLException {
        try (CommandResponse ignored = client.execute(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // written: the response arrives once the part is committed
        } catch (ExecutionException e) {
            throw sqlException(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new SQLTimeoutException("INSERT did not finish in " + TIMEOUT_SECONDS + " s", "HYT00", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while inserting", "08000", e);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw sqlException(e);
        }
    }

    /** As the JDBC driver words a client error: the server's code as vendor code, the cause kept for its type. */
    static SQLException sqlException(Throwable e) {
        if (e instanceof SQLException) {
            return (SQLException) e;
        }
        if (e instanceof ServerException) {
            return new SQLException(e.getMessage(), "22000", ((ServerException) e).getCode(), e);
        }
        return new SQLException(e.getMessage(), "HY000", e);
    }

    /** One value in JSON as ClickHouse reads it into the column exactly. */
    static void value(StringBuilder out, Object v) {
        if (v instanceof String) {
            Json.string(out, (String) v);
        } else if (v instanceof Long || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Double) {
            out.append(Double.toString((Double) v)); // round-trips; ClickHouse parses floats correctly rounded
        } else if (v instanceof BigDecimal) {
            out.append(((BigDecimal) v).toPlainString());
        } else if (v instanceof LocalDateTime || v instanceof OffsetDateTime) {
            out.append('"');
            timestamp(out, v);
            out.append('"');
        } else {
            throw new IllegalArgumentException("no JSON value for " + v.getClass());
        }
    }

    /** A UTC timestamp (LocalDateTime) or an instant as {@code uuuu-MM-dd HH:mm:ss.SSSSSSZ}. */
    static void timestamp(StringBuilder out, Object v) {
        LocalDateTime utc = v instanceof OffsetDateTime
                ? ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) v;
        out.append(MICROS.format(utc)).append('Z');
    }

    /** Deterministic: the same table, columns and rows give the same token, anything else another. */
    static String token(String table, List<String> columns, CharSequence data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(table.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.join("\u0000", columns).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(data.toString().getBytes(StandardCharsets.UTF_8));
            return "luden-" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
