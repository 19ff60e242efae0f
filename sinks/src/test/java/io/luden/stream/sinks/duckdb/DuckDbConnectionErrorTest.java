package io.luden.stream.sinks.duckdb;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.DuckDbFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** No server-drop case as Postgres has: an embedded database has no server that could end the session. */
class DuckDbConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return DuckDbFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        try {
            Path notADatabase = Files.createTempFile("not-duckdb", ".db");
            Files.writeString(notADatabase, "this is not a DuckDB file, and it is long enough to have a header".repeat(100));
            notADatabase.toFile().deleteOnExit();
            return ConnectionSettings.builder("duckdb").path(notADatabase.toString()).schema(schema).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
