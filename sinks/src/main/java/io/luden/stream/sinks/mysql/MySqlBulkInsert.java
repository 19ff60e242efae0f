package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.RowInserter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A uniform batch as multi-row {@code INSERT INTO t (…) VALUES (…), (…) [ON DUPLICATE KEY UPDATE …]}
 * statements on the caller's transaction: one round trip and one statement parse per chunk instead
 * of per row. A row lacking a column binds NULL there, which the table's default (NULL) gives it
 * anyway and an upsert's {@code COALESCE(VALUES(c), c)} leaves unchanged.
 */
final class MySqlBulkInsert {
    /** The dialect's logger: what a dialect's bulk path did is logged under the dialect. */
    private static final Logger LOG = LoggerFactory.getLogger(MySqlDialect.class);

    /** Rows per statement. */
    static final int MAX_ROWS = 500;
    /** Placeholders per statement: the server's limit for a prepared statement is 65,535. */
    static final int MAX_PLACEHOLDERS = 60_000;
    /** Characters of bound text per statement, well under the servers' default max_allowed_packet (16 MiB MariaDB, 64 MiB MySQL 8). */
    static final int MAX_CHARS = 4 << 20;

    private MySqlBulkInsert() {}

    static void write(MySqlDialect dialect, Connection connection, BatchInsert batch) throws SQLException {
        List<BatchInsert.Column> columns = batch.columns();
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name));
        String head = "INSERT INTO " + dialect.qualifiedName(batch.schema(), batch.table())
                + " (" + dialect.quotedColumns(names) + ") VALUES ";
        String tail = dialect.onDuplicateKey(batch);
        String tuple = tuple(columns.size());
        int rowsPerStatement = Math.max(1, Math.min(MAX_ROWS, MAX_PLACEHOLDERS / columns.size()));
        List<Object[]> rows = batch.rows();
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long chars = 0;
            while (to < rows.size() && to - from < rowsPerStatement && (to == from || chars < MAX_CHARS)) {
                chars += size(rows.get(to));
                to++;
            }
            StringBuilder sql = new StringBuilder(head.length() + (to - from) * (tuple.length() + 2) + tail.length());
            sql.append(head);
            for (int r = from; r < to; r++) {
                if (r > from) {
                    sql.append(", ");
                }
                sql.append(tuple);
            }
            sql.append(tail);
            try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (int r = from; r < to; r++) {
                    for (Object v : rows.get(r)) {
                        RowInserter.bind(ps, index++, v);
                    }
                }
                ps.executeUpdate();
            }
            from = to;
        }
        LOG.debug("copied {} rows into {}.{} by multi-row INSERT", rows.size(), batch.schema(), batch.table());
    }

    private static String tuple(int columns) {
        StringBuilder t = new StringBuilder(columns * 3 + 2).append('(');
        for (int i = 0; i < columns; i++) {
            t.append(i == 0 ? "?" : ", ?");
        }
        return t.append(')').toString();
    }

    /** About the characters a row adds to the statement. */
    private static long size(Object[] row) {
        long n = 0;
        for (Object v : row) {
            n += v instanceof String ? ((String) v).length() + 2 : 24;
        }
        return n;
    }
}
