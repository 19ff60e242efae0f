package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the fake: a port nobody listens on, and the server forgetting the session (Snowflake's 390111). */
class SnowflakeConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        ConnectionSettings s = SnowflakeFixture.get().settings(schema);
        return ConnectionSettings.builder("snowflake").host("127.0.0.1").port(freePort()).db(s.db()).schema(schema)
                .username("luden").password("x").parameters(s.parameters()).build();
    }

    @Test
    void sessionGoneOnTheServerIsAConnectionErrorAndTheNextWriteLogsInAgain() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        SnowflakeFixture.get().forgetSessions();

        WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);

        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
