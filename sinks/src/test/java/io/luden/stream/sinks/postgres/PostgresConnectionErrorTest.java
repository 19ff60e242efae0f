package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

class PostgresConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("postgres").host("localhost").port(freePort()).db("postgres")
                .username("postgres").schema(schema).build();
    }

    @Override
    protected boolean breakWarehouseConnections() {
        // the Warehouse's connections say application_name=luden-stream; the fixture's do not
        database().query("SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity"
                + " WHERE application_name = 'luden-stream' AND pid <> pg_backend_pid()");
        return true;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
