package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The server ends the session (a restart, an admin, a fail-over): the client learns it on its next statement. */
    @Test
    void serverDroppingTheConnectionIsAConnectionErrorAndTheNextWriteReconnects() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        // the Warehouse's connections say application_name=luden-stream; the fixture's do not
        assertThat(database().query("SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity"
                + " WHERE application_name = 'luden-stream' AND pid <> pg_backend_pid()"))
                .extracting(r -> r.get("killed")).containsExactly(true);

        WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(cache.get("events")).isNotNull();

        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
