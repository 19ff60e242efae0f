package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.jdbc.BatchInsert;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The batch write: the batch's rows bound into one {@code VALUES} list (a {@code ?} per value) as the
 * source of one statement — {@code MERGE INTO t USING (SELECT … FROM VALUES (…), (…)) ON key WHEN NOT
 * MATCHED THEN INSERT …} for a keyed table (plus {@code WHEN MATCHED THEN UPDATE SET c = COALESCE(s.c,
 * t.c)} for an upsert, so a column a row lacks keeps its value), {@code INSERT INTO t (…) SELECT … FROM
 * VALUES …} without a key. One statement per {@link #MAX_ROWS} rows; a statement is atomic, and the
 * caller's transaction spans them all.
 */
final class SnowflakeMerge {
    /** Snowflake takes at most 16,384 rows in a VALUES list; fewer keep one statement's text and binds small. */
    static final int MAX_ROWS = 1000;
    /** Bound values per statement at most (the driver sends them in the request body). */
    static final int MAX_BINDS = 50_000;

    static final String TARGET = "luden_target";
    static final String SOURCE = "luden_source";

    private static final DateTimeFormatter NTZ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSSSS");

    private SnowflakeMerge() {}

    /**
     * A MERGE of {@code sourceQuery} (its columns {@code c1 … cn} in the order of {@code columns}) into
     * the table; {@code bulk}: updates keep the target's value where the source has NULL.
     */
    static String sql(SnowflakeDialect d, String schema, String table, List<String> columns, String sourceQuery,
                      List<String> conflictKey, boolean update, boolean bulk) {
        StringJoiner on = new StringJoiner(" AND ");
        for (String k : conflictKey) {
            on.add(TARGET + "." + d.quote(k) + " = " + SOURCE + "." + SnowflakeDialect.sourceColumn(columns.indexOf(k)));
        }
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(d.qualifiedName(schema, table)).append(" AS ")
                .append(TARGET).append(" USING (").append(sourceQuery).append(") AS ").append(SOURCE)
                .append(" ON ").append(on);
        if (update) {
            StringJoiner set = new StringJoiner(", ");
            for (int i = 0; i < columns.size(); i++) {
                if (!conflictKey.contains(columns.get(i))) {
                    String value = SOURCE + "." + SnowflakeDialect.sourceColumn(i);
                    set.add(d.quote(columns.get(i)) + " = " + (bulk
                            ? "COALESCE(" + value + ", " + TARGET + "." + d.quote(columns.get(i)) + ")" : value));
                }
            }
            if (set.length() > 0) {
                sql.append(" WHEN MATCHED THEN UPDATE SET ").append(set);
            }
        }
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < columns.size(); i++) {
            values.add(SOURCE + "." + SnowflakeDialect.sourceColumn(i));
        }
        return sql.append(" WHEN NOT MATCHED THEN INSERT (").append(d.quoted(columns)).append(") VALUES (")
                .append(values).append(')').toString();
    }

    static void write(SnowflakeDialect d, Connection connection, BatchInsert batch) throws SQLException {
        List<BatchInsert.Column> columns = batch.columns();
        int perStatement = Math.max(1, Math.min(MAX_ROWS, MAX_BINDS / columns.size()));
        List<Object[]> rows = batch.rows();
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String sql = statement(d, batch, chunk.size());
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int p = 1;
                for (Object[] row : chunk) {
                    for (Object v : row) {
                        bind(ps, p++, v);
                    }
                }
                long n = ps.executeLargeUpdate();
                boolean checkable = batch.conflictKey().isEmpty() || (batch.update()
                        && columns.stream().anyMatch(c -> !batch.conflictKey().contains(c.name)));
                if (checkable && n != chunk.size()) {
                    // two rows met on one key after all (a value Java saw as different): isolate them
                    throw new SQLException("MERGE into table \"" + batch.table() + "\" wrote " + n + " of "
                            + chunk.size() + " rows: two rows share a key", "21000");
                }
            }
        }
    }

    /** The statement for {@code rows} rows of the batch's columns. */
    static String statement(SnowflakeDialect d, BatchInsert batch, int rows) {
        List<BatchInsert.Column> columns = batch.columns();
        List<String> names = new ArrayList<>();
        StringJoiner items = new StringJoiner(", ");
        for (int i = 0; i < columns.size(); i++) {
            BatchInsert.Column c = columns.get(i);
            names.add(c.name);
            String value = "column" + (i + 1);
            String cast = c.castType != null ? c.castType
                    : c.valueType == LocalDateTime.class ? "TIMESTAMP_NTZ(9)"
                    : c.valueType == OffsetDateTime.class ? "TIMESTAMP_TZ(9)" : null;
            items.add((cast == null ? value : "CAST(" + value + " AS " + cast + ")") + " AS "
                    + SnowflakeDialect.sourceColumn(i));
        }
        StringJoiner row = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns.size(); i++) {
            row.add("?");
        }
        StringJoiner values = new StringJoiner(", ");
        for (int r = 0; r < rows; r++) {
            values.add(row.toString());
        }
        String source = "SELECT " + items + " FROM VALUES " + values;
        if (batch.conflictKey().isEmpty()) {
            StringJoiner select = new StringJoiner(", ");
            for (int i = 0; i < columns.size(); i++) {
                select.add(SOURCE + "." + SnowflakeDialect.sourceColumn(i));
            }
            return "INSERT INTO " + d.qualifiedName(batch.schema(), batch.table()) + " (" + d.quoted(names)
                    + ") SELECT " + select + " FROM (" + source + ") AS " + SOURCE;
        }
        return sql(d, batch.schema(), batch.table(), names, source, batch.conflictKey(), batch.update(), true);
    }

    /**
     * Binds a converted value. Timestamps go as text the CAST in the statement reads back exactly
     * (the driver's own timestamp binding passes through the JVM's time zone and the session's
     * TIMESTAMP mapping).
     */
    static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.VARCHAR);
        } else if (v instanceof String) {
            ps.setString(index, (String) v);
        } else if (v instanceof Long) {
            ps.setLong(index, (Long) v);
        } else if (v instanceof Double) {
            ps.setDouble(index, (Double) v);
        } else if (v instanceof BigDecimal) {
            ps.setBigDecimal(index, (BigDecimal) v);
        } else if (v instanceof Boolean) {
            ps.setBoolean(index, (Boolean) v);
        } else if (v instanceof LocalDateTime || v instanceof OffsetDateTime) {
            ps.setString(index, (String) timestampText(v));
        } else {
            throw new IllegalArgumentException("no Snowflake binding for " + v.getClass());
        }
    }

    /** A timestamp as the text Snowflake binds it as (UTC, with its offset when it has one); any other value as it is. */
    static Object timestampText(Object v) {
        if (v instanceof LocalDateTime) {
            return NTZ.format((LocalDateTime) v);
        }
        if (v instanceof OffsetDateTime) {
            return NTZ.format(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + " +00:00";
        }
        return v;
    }
}
