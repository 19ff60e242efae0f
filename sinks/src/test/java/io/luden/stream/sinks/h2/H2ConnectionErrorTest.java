package io.luden.stream.sinks.h2;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractConnectionErrorTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.H2Fixture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class H2ConnectionErrorTest extends AbstractConnectionErrorTest {
    @Override
    protected DatabaseFixture database() {
        return H2Fixture.get();
    }

    @Override
    protected ConnectionSettings unreachableSettings() {
        return ConnectionSettings.builder("guinsoo").host("127.0.0.1").port(freePort()).db("luden")
                .username("luden").schema(schema).build();
    }

    /**
     * The server goes away under an open connection (a restart, a crash): the next write is CONNECTION
     * (H2's 90067 "connection is broken"), the event waits; once a server is back on the port, the next
     * write reconnects and writes it, the schema still cached. Its own server: the shared one stays up.
     */
    @Test
    void serverStoppedUnderAnOpenConnectionIsAConnectionErrorAndTheRestartedServerTakesTheRow(@TempDir Path dir)
            throws Exception {
        Server server = H2Fixture.startServer(dir, 0);
        int port = server.getPort();
        ConnectionSettings own = ConnectionSettings.builder("guinsoo").host("127.0.0.1").port(port).db("restarts")
                .username("sa").password("").schema(schema).parameters(Map.of()).build();
        MapSchemaCache cache = new MapSchemaCache();
        Warehouse w = warehouse(own);
        try {
            w.write(row("events", "e1", str("a", "1")), cache);
            server.stop();

            WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);
            assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
            assertThat(cache.get("events")).isNotNull();
            // a batch is retried whole, never refused
            assertThat(w.write("events", List.of(row("events", "e2", str("a", "2")), row("events", "e3", str("a", "3"))), cache))
                    .allSatisfy(r -> assertThat(r.kind()).isEqualTo(io.luden.stream.sinks.RowResult.Kind.RETRY));

            server = H2Fixture.startServer(dir, port);
            w.write(row("events", "e2", str("a", "2")), cache);
            assertThat(w.write("events", List.of(row("events", "e3", str("a", "3")), row("events", "e4", str("a", "4"))), cache))
                    .allMatch(io.luden.stream.sinks.RowResult::isWritten);
            try (var c = new org.h2.Driver().connect("jdbc:h2:tcp://127.0.0.1:" + port + "/restarts", props());
                 var rs = c.createStatement().executeQuery("SELECT \"a\" FROM \"" + schema + "\".\"events\" ORDER BY 1")) {
                List<String> values = new java.util.ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                assertThat(values).containsExactly("1", "2", "3", "4");
            }
        } finally {
            w.close();
            server.stop();
        }
    }

    private static java.util.Properties props() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        return p;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
