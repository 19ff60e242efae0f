package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.jdbc.RowInserter;
import io.luden.stream.sinks.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3: {@code primary_key_fields} creates the table with that key and upserts by it; a table whose
 * existing key differs is reported (one WARN per table per Warehouse) and never altered.
 */
public abstract class AbstractPrimaryKeyMismatchTest extends WarehouseTestBase {

    private void createTable(String table, String key) {
        String text = dialect().sqlType(DataType.STRING);
        String bigint = dialect().sqlType(DataType.INTEGER);
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table(table) + " (a " + bigint + ", b " + bigint + ", " + dialect().quote(EVENT_ID) + " "
                + text + (key == null ? "" : ", PRIMARY KEY (" + key + ")") + ")");
    }

    private TableSchema read(String table) throws Exception {
        return dialect().readSchema(database().connection(), schema, table);
    }

    private static List<String> mismatchReports(LogCapture logs, String table) {
        return logs.warnings().stream().filter(m -> m.contains(table) && m.contains("primary_key_fields")).toList();
    }

    @Test
    void tableWithAnotherPrimaryKeyIsReportedOnceAndKeepsItsKey() throws Exception {
        createTable("users", "a");
        try (LogCapture logs = LogCapture.of(RowInserter.class)) {
            Warehouse w = warehouse("b");
            w.write(row("users", "e1", integer("a", 1), integer("b", 10)), cache);
            w.write(row("users", "e2", integer("a", 2), integer("b", 10)), cache);

            assertThat(mismatchReports(logs, "users")).singleElement().satisfies(m -> assertThat(m)
                    .contains(schema + ".users").contains("primary key [a]").contains("primary_key_fields is [b]"));
        }
        assertThat(read("users").primaryKey).containsExactly("a");
        // no upsert by b: both rows are there
        assertThat(count("users")).isEqualTo(2);
    }

    @Test
    void tableWithoutPrimaryKeyIsReported() throws Exception {
        createTable("plain", null);
        try (LogCapture logs = LogCapture.of(RowInserter.class)) {
            warehouse("a").write(row("plain", "e1", integer("a", 1)), cache);

            assertThat(mismatchReports(logs, "plain")).singleElement()
                    .satisfies(m -> assertThat(m).contains("no primary key").contains("[a]"));
        }
        assertThat(read("plain").primaryKey).isEmpty();
    }

    @Test
    void eachWarehouseReportsTheTableOnce() throws Exception {
        createTable("users", "a");
        try (LogCapture logs = LogCapture.of(RowInserter.class)) {
            warehouse("b").write(row("users", "e1", integer("a", 1), integer("b", 1)), cache);
            warehouse("b").write(row("users", "e2", integer("a", 2), integer("b", 2)), cache);

            assertThat(mismatchReports(logs, "users")).hasSize(2);
        }
    }

    @Test
    void sameKeyInAnotherOrderIsNotReportedAndUpserts() throws Exception {
        createTable("users", "a, b");
        try (LogCapture logs = LogCapture.of(RowInserter.class)) {
            Warehouse w = warehouse("b", "a");
            w.write(row("users", "e1", integer("a", 1), integer("b", 1)), cache);
            w.write(row("users", "e2", integer("a", 1), integer("b", 1)), cache);

            assertThat(mismatchReports(logs, "users")).isEmpty();
        }
        assertThat(rows("users", "a")).singleElement().satisfies(r -> assertThat(r).containsEntry(EVENT_ID, "e2"));
    }

    @Test
    void tableCreatedWithTheConfiguredKeyIsNotReported() throws Exception {
        try (LogCapture logs = LogCapture.of(RowInserter.class)) {
            Warehouse w = warehouse("a");
            w.write(row("users", "e1", integer("a", 1), str("name", "old")), cache);
            w.write(row("users", "e2", integer("a", 1), str("name", "new")), cache);

            assertThat(mismatchReports(logs, "users")).isEmpty();
        }
        assertThat(read("users").primaryKey).containsExactly("a");
        assertThat(rows("users", "a")).singleElement().satisfies(r -> assertThat(r).containsEntry("name", "new"));
    }
}
