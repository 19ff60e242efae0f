package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.jdbc.BatchInsert;
import io.luden.stream.sinks.jdbc.RowInserter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One uniform batch into Redshift, in the caller's transaction.
 * <ul>
 *   <li>No key: multi-row {@code INSERT … VALUES (…), (…)} straight into the table.</li>
 *   <li>The event id's key (one text column, insert-or-nothing): the keys the table has already are read
 *       in the same transaction ({@code SELECT key … WHERE key IN (…)}), and the other rows go in by
 *       multi-row INSERT (see {@link #probesKeys}).</li>
 *   <li>Any other key ({@code primary_key_fields}, a key of another type): the rows go into a
 *       temporary staging table (multi-row INSERT), then, for an upsert, {@code UPDATE target … FROM staging}
 *       sets each non-key column to {@code COALESCE(staged, current)} (a staged NULL means "the row has no
 *       such column", so the current value stays, as the single-row upsert keeps it), then
 *       {@code INSERT INTO target SELECT … FROM staging WHERE NOT EXISTS (the key in target)}; the
 *       staging table is dropped in the same transaction (Redshift has no {@code ON COMMIT DROP}), so a
 *       rollback removes it too.</li>
 * </ul>
 * The staging column of each batch column has the type its value is bound as in the single-row INSERT
 * (the placeholder's cast, else the target column's type), so a value is assigned, converted or refused
 * exactly as there. {@link BatchInsert} has already merged rows of one key, so the staging table holds
 * each key once. Both statements run as they are on PostgreSQL too (the test engine).
 */
final class RedshiftBulkWrite {
    // the dialect's logger: what a reader (and the test matrix) follows for its bulk path
    private static final Logger LOG = LoggerFactory.getLogger(RedshiftDialect.class);

    /** Temporary, so first in the search path; positional columns, no user identifier in it. */
    static final String STAGING = "luden_staging";
    static final String TARGET_ALIAS = "luden_target";
    /** Bind parameters one statement may carry (Redshift and the driver take at most 32,767). */
    static final int MAX_PARAMETERS = 32_767;
    /**
     * Bind parameters per multi-row INSERT: measured on the test engine, 500 rows of 21 columns went ~2.5×
     * faster as five statements of ~2,000 parameters than as one of 10,500 (planning a long VALUES list);
     * full chunks are one SQL text, which Redshift compiles once and caches.
     */
    static final int VALUES_PARAMETERS = 2_000;

    private final RedshiftDialect dialect;
    private final BatchInsert batch;
    private final List<BatchInsert.Column> columns;

    RedshiftBulkWrite(RedshiftDialect dialect, BatchInsert batch) {
        this.dialect = dialect;
        this.batch = batch;
        this.columns = batch.columns();
    }

    void run(Connection connection) throws SQLException {
        String target = dialect.qualifiedName(batch.schema(), batch.table());
        if (batch.conflictKey().isEmpty()) {
            insertValues(connection, target + " (" + dialect.quoted(names()) + ")", batch.rows());
            LOG.debug("copied {} rows into {}.{} by multi-row INSERT", batch.rows().size(), batch.schema(), batch.table());
            return;
        }
        if (probesKeys()) {
            List<Object[]> fresh = withoutExistingKeys(connection, target);
            if (!fresh.isEmpty()) {
                insertValues(connection, target + " (" + dialect.quoted(names()) + ")", fresh);
            }
            LOG.debug("staged {} rows for {}.{}: {} new, by key probe and multi-row INSERT", batch.rows().size(),
                    batch.schema(), batch.table(), fresh.size());
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute(createStaging());
            insertValues(connection, STAGING, batch.rows());
            String update = updateFromStaging(target);
            if (update != null) {
                st.executeUpdate(update);
            }
            st.executeUpdate(insertFromStaging(target));
            st.execute("DROP TABLE " + STAGING);
        }
        LOG.debug("staged {} rows for {}.{}", batch.rows().size(), batch.schema(), batch.table());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name));
        return names;
    }

    /** The staging column for batch column {@code i} (0-based). */
    static String stagingColumn(int i) {
        return "c" + (i + 1);
    }

    String createStaging() {
        StringJoiner sql = new StringJoiner(", ", "CREATE TEMP TABLE " + STAGING + " (", ")");
        for (int i = 0; i < columns.size(); i++) {
            BatchInsert.Column c = columns.get(i);
            sql.add(stagingColumn(i) + " " + (c.castType != null ? c.castType : c.columnType));
        }
        return sql.toString();
    }

    /** {@code UPDATE … FROM staging} of the non-key columns; null when every column is a key column (do nothing). */
    String updateFromStaging(String target) {
        if (!batch.update()) {
            return null;
        }
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name;
            if (!batch.conflictKey().contains(name)) {
                String column = dialect.quote(name);
                sets.add(column + " = COALESCE(" + STAGING + "." + stagingColumn(i) + ", " + TARGET_ALIAS + "." + column + ")");
            }
        }
        if (sets.isEmpty()) {
            return null;
        }
        return "UPDATE " + target + " AS " + TARGET_ALIAS + " SET " + String.join(", ", sets)
                + " FROM " + STAGING + " WHERE " + keyMatch();
    }

    String insertFromStaging(String target) {
        StringJoiner values = new StringJoiner(", ");
        for (int i = 0; i < columns.size(); i++) {
            values.add(STAGING + "." + stagingColumn(i));
        }
        return "INSERT INTO " + target + " (" + dialect.quoted(names()) + ") SELECT " + values + " FROM " + STAGING
                + " WHERE NOT EXISTS (SELECT 1 FROM " + target + " AS " + TARGET_ALIAS + " WHERE " + keyMatch() + ")";
    }

    /** {@code luden_target."k" = luden_staging.cN AND …} over the conflict key. */
    private String keyMatch() {
        StringJoiner match = new StringJoiner(" AND ");
        for (String k : batch.conflictKey()) {
            int i = names().indexOf(k);
            match.add(TARGET_ALIAS + "." + dialect.quote(k) + " = " + STAGING + "." + stagingColumn(i));
        }
        return match.toString();
    }

    /**
     * Insert-or-nothing on one text key (the event id, the usual case) needs no staging table: the keys
     * of the batch that the table has already are read ({@code SELECT key … WHERE key IN (…)}, in the
     * same transaction), and only the other rows are inserted. Text keys only, where the value read back
     * is the value bound; any other key is staged.
     */
    boolean probesKeys() {
        if (batch.update() || batch.conflictKey().size() != 1) {
            return false;
        }
        BatchInsert.Column key = columns.get(names().indexOf(batch.conflictKey().get(0)));
        String base = io.luden.stream.sinks.jdbc.SqlTypeNames.base(key.columnType);
        // not character(n): it reads back blank-padded
        return key.valueType == String.class && key.castType == null
                && (base.equals("character varying") || base.equals("varchar") || base.equals("text"));
    }

    /** The batch's rows whose key the table does not have yet. */
    private List<Object[]> withoutExistingKeys(Connection connection, String target) throws SQLException {
        int k = names().indexOf(batch.conflictKey().get(0));
        List<Object[]> rows = batch.rows();
        java.util.Set<String> existing = new java.util.HashSet<>();
        for (int from = 0; from < rows.size(); from += MAX_PARAMETERS) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_PARAMETERS));
            try (PreparedStatement ps = connection.prepareStatement(probeSql(target, chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, (String) chunk.get(i)[k]);
                }
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        existing.add(rs.getString(1));
                    }
                }
            }
        }
        if (existing.isEmpty()) {
            return rows;
        }
        List<Object[]> fresh = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (!existing.contains((String) row[k])) {
                fresh.add(row);
            }
        }
        return fresh;
    }

    String probeSql(String target, int keys) {
        String key = dialect.quote(batch.conflictKey().get(0));
        StringJoiner in = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < keys; i++) {
            in.add("?");
        }
        return "SELECT " + key + " FROM " + target + " WHERE " + key + " IN " + in;
    }

    /** Multi-row INSERTs of {@code rows} into {@code into} (a table with its column list), each placeholder with its cast. */
    private void insertValues(Connection connection, String into, List<Object[]> rows) throws SQLException {
        int perStatement = Math.max(1, VALUES_PARAMETERS / columns.size());
        PreparedStatement fullStatement = null;
        try {
            for (int from = 0; from < rows.size(); from += perStatement) {
                int n = Math.min(perStatement, rows.size() - from);
                PreparedStatement ps;
                if (n == perStatement) {
                    if (fullStatement == null) {
                        fullStatement = connection.prepareStatement(valuesSql(into, n));
                    }
                    ps = fullStatement;
                } else {
                    ps = connection.prepareStatement(valuesSql(into, n));
                }
                try {
                    int p = 1;
                    for (Object[] row : rows.subList(from, from + n)) {
                        for (Object v : row) {
                            RowInserter.bind(ps, p++, v);
                        }
                    }
                    ps.executeUpdate();
                } finally {
                    if (ps != fullStatement) {
                        ps.close();
                    }
                }
            }
        } finally {
            if (fullStatement != null) {
                fullStatement.close();
            }
        }
    }

    String valuesSql(String into, int rows) {
        StringJoiner one = new StringJoiner(", ", "(", ")");
        for (BatchInsert.Column c : columns) {
            one.add(c.castType == null ? "?" : dialect.castPlaceholder(c.castType));
        }
        String tuple = one.toString();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(into).append(" VALUES ");
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append(tuple);
        }
        return sql.toString();
    }
}
