package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialects;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DuckDbDialectTest {
    private final DuckDbDialect d = new DuckDbDialect();

    @Test
    void isFoundByType() {
        assertThat(Dialects.forType("duckdb")).isInstanceOf(DuckDbDialect.class);
        assertThat(Dialects.types()).contains("duckdb", "postgres");
        assertThat(d.defaultSchema()).isEqualTo("main");
        assertThat(d.maxColumnNameLength()).isEqualTo(255);
    }

    @Test
    void quotesEveryIdentifierAndEscapesQuotes() {
        assertThat(d.quote("select")).isEqualTo("\"select\"");
        assertThat(d.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.addColumn("main", "t", "x\"; DROP TABLE t; --", "VARCHAR"))
                .isEqualTo("ALTER TABLE \"main\".\"t\" ADD COLUMN IF NOT EXISTS \"x\"\"; DROP TABLE t; --\" VARCHAR");
    }

    @Test
    void typeMapAndCategories() {
        assertThat(List.of(d.sqlType(DataType.STRING), d.sqlType(DataType.INTEGER), d.sqlType(DataType.FLOAT),
                d.sqlType(DataType.TIMESTAMP), d.sqlType(DataType.BOOLEAN)))
                .containsExactly("VARCHAR", "BIGINT", "DOUBLE", "TIMESTAMP", "BOOLEAN");
        assertThat(d.category("BIGINT")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("HUGEINT")).isEqualTo(DataType.INTEGER);
        assertThat(d.category("DECIMAL(18,3)")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("FLOAT")).isEqualTo(DataType.FLOAT);
        assertThat(d.category("VARCHAR")).isEqualTo(DataType.STRING);
        assertThat(d.category("TIMESTAMP WITH TIME ZONE")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("TIMESTAMP_NS")).isEqualTo(DataType.TIMESTAMP);
        assertThat(d.category("BOOLEAN")).isEqualTo(DataType.BOOLEAN);
        assertThat(d.category("DATE")).isNull();
        assertThat(d.category("INTEGER[]")).isNull();
        assertThat(d.category("STRUCT(a INTEGER)")).isNull();
    }

    @Test
    void pathMustBeAbsolute() {
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("duckdb").path("rel/x.db").build()))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> d.jdbcUrl(ConnectionSettings.builder("duckdb").build()))
                .hasMessageContaining("datasource.path");
        assertThat(d.jdbcUrl(ConnectionSettings.builder("duckdb").path("/data/x.duckdb").build()))
                .isEqualTo("jdbc:duckdb:/data/x.duckdb");
    }

    @Test
    void createsParentDirectoriesOfTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a").resolve("b").resolve("w.duckdb");
        try (Warehouse w = new Warehouse(ConnectionSettings.builder("duckdb").path(file.toString()).build(), List.of())) {
            w.write(new Row("events", "e1", List.of(new Field("eventn_ctx_event_id", DataType.STRING, "e1"))),
                    new MapSchemaCache());
            assertThat(w.schema()).isEqualTo("main");
        }
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void errorClasses() {
        assertThat(d.isConnectionError(new SQLException("IO Error: Could not set lock on file \"/x.db\""))).isTrue();
        assertThat(d.isConnectionError(new SQLException("TransactionContext Error: Catalog write-write conflict on create"))).isTrue();
        assertThat(d.isConnectionError(new SQLException("TransactionContext Error: Transaction conflict: attempting to "
                + "insert into table \"t\" but it has been altered by a different transaction"))).isTrue();
        assertThat(d.isConnectionError(new SQLException("Conversion Error: Could not convert string 'a' to INT64"))).isFalse();
        assertThat(d.isConnectionError(new SQLException("Constraint Error: Duplicate key"))).isFalse();
        assertThat(d.isAlreadyExists(new SQLException("Catalog Error: Table with name \"t\" already exists!"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException("Catalog Error: Column with name a already exists!"))).isTrue();
        assertThat(d.isAlreadyExists(new SQLException("Binder Error: column not found"))).isFalse();
    }

    /** Issue 4 item 1: DuckDB's error types (the prefix its driver writes), with messages DuckDB 1.4 really gives. */
    @Test
    void connectionClassByDuckDbErrorType() {
        List<String> connection = List.of(
                "IO Error: Could not set lock on file \"/x.duckdb\": Conflicting lock is held in java (PID 1)",
                "IO Error: The file \"/x.duckdb\" exists, but it is not a valid DuckDB database file!",
                "Connection Error: Connection has already been closed",
                "TransactionContext Error: Conflict on update!",
                "TransactionContext Error: Catalog write-write conflict on create with \"t\"",
                "INTERRUPT Error: Interrupted!",
                "Out of Memory Error: failed to allocate data of size 2.0 MiB (324.0 KiB/976.5 KiB used)",
                "FATAL Error: Failed: database has been invalidated because of a previous fatal error");
        for (String m : connection) {
            assertThat(d.isConnectionError(new SQLException(m))).as(m).isTrue();
            assertThat(d.isConnectionError(new SQLException("wrapped", null, new SQLException(m)))).as(m).isTrue();
        }
        List<String> data = List.of(
                "Constraint Error: Duplicate key \"id: 1\" violates primary key constraint.",
                "Conversion Error: Could not convert string 'IO Error: ' to INT32",
                "Catalog Error: Table with name nope does not exist!",
                "Binder Error: Referenced column \"TransactionContext Error: \" not found",
                "Invalid Input Error: connection refused, timed out, EOF",
                "INTERNAL Error: an assertion failed",
                "Parser Error: syntax error at or near \"IO\"",
                "IO error: lower-case is not DuckDB's type name",
                "no prefix at all: IO Error: later in the message");
        for (String m : data) {
            assertThat(d.isConnectionError(new SQLException(m))).as(m).isFalse();
        }
        assertThat(d.isConnectionError(new java.sql.SQLTimeoutException("INTERRUPT Error: Interrupted!"))).isTrue();
        assertThat(DuckDbDialect.errorType("Out of Memory Error: x")).isEqualTo("Out of Memory");
        assertThat(DuckDbDialect.errorType("IO Error: x")).isEqualTo("IO");
        assertThat(DuckDbDialect.errorType("value: IO Error: x")).isNull();
        assertThat(DuckDbDialect.errorType(null)).isNull();
    }

    @Test
    void jitsuTypeNamesTranslateToDuckDbTypes() {
        assertThat(d.translateType("string")).isEqualTo("VARCHAR");
        assertThat(d.translateType("integer")).isEqualTo("BIGINT");
        assertThat(d.translateType("double")).isEqualTo("DOUBLE");
        assertThat(d.translateType("timestamp")).isEqualTo("TIMESTAMP");
        assertThat(d.translateType("BOOLEAN")).isEqualTo("BOOLEAN");
    }

    @Test
    void otherTypeNamesPassThroughUnchanged() {
        assertThat(d.translateType("DECIMAL(18,3)")).isEqualTo("DECIMAL(18,3)");
        assertThat(d.translateType("uuid")).isEqualTo("uuid");
        assertThat(d.translateType("text")).isEqualTo("text");
    }
}
