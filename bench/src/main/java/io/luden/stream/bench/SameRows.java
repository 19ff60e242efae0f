package io.luden.stream.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The checks every SQL target makes: the job's tables and columns, and a copy holding exactly the job's rows. */
final class SameRows {
    private SameRows() {}

    /**
     * Per table, its column → type in column order, from {@code sql} (parameters {@code params}), which
     * returns table, column, type ordered by table and column position.
     */
    static Map<String, Map<String, String>> columns(Connection c, String sql, String... params) throws SQLException {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return tables;
    }

    /**
     * Requires that {@code copySchema.t} holds exactly the rows of {@code jobSchema.t} for each table
     * {@code t}: equal counts and {@code except} (EXCEPT ALL, or EXCEPT where rows are unique by event id)
     * empty both ways. Schemas are written into the SQL as given (already quoted where needed).
     */
    static void require(Connection c, String jobSchema, String copySchema, Set<String> tables, String except)
            throws SQLException {
        for (String table : tables) {
            String job = jobSchema + "." + TableRows.quote(table);
            String copy = copySchema + "." + TableRows.quote(table);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT (SELECT count(*) FROM " + job + "), (SELECT count(*) FROM " + copy + "),"
                            + " (SELECT count(*) FROM (SELECT * FROM " + job + " " + except + " SELECT * FROM " + copy + ") a),"
                            + " (SELECT count(*) FROM (SELECT * FROM " + copy + " " + except + " SELECT * FROM " + job + ") b)")) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2) || rs.getLong(3) != 0 || rs.getLong(4) != 0) {
                    throw new IllegalStateException(copy + " differs from the job's " + job + ": " + rs.getLong(1) + " / "
                            + rs.getLong(2) + " rows, " + rs.getLong(3) + " job row(s) not in it, " + rs.getLong(4)
                            + " row(s) not in the job's table");
                }
            }
        }
    }
}
