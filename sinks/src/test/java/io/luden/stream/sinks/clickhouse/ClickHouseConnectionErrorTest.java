package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

class ClickHouseConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("clickhouse").host("127.0.0.1").port(freePort()).db(schema).schema(schema).build();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
