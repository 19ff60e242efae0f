package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.RedshiftRulesCheck;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

@ExtendWith(RedshiftRulesCheck.class)
class RedshiftConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return RedshiftFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("redshift").host("127.0.0.1").port(freePort()).db("dev")
                .username("awsuser").schema(schema).parameters(Map.of("ssl", "false")).build();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
