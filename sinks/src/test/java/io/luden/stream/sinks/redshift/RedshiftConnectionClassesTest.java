package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.jdbc.SqlErrors;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.RedshiftFixture;
import io.luden.stream.sinks.testing.RedshiftRulesCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Error classes as the Redshift driver reports them from a real server: by SQLState and exception type
 * only. The server's errors are raised by a trigger with the SQLState Redshift uses for that condition
 * (so each reaches the driver exactly as a server error does); the network's by dropping the proxy's
 * connections and by a port nobody listens on.
 */
@Timeout(120)
@ExtendWith(RedshiftRulesCheck.class)
class RedshiftConnectionClassesTest extends WarehouseTestBase {

    @Override
    protected DatabaseFixture database() {
        return RedshiftFixture.get();
    }

    /** A table whose INSERTs fail with {@code state} while a row has {@code a = 'boom'}. */
    private Warehouse tableRaising(String state) throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e0", str("a", "fine")), cache);
        String fn = dialect().quote(schema) + ".fail";
        exec("CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.a = 'boom' THEN"
                + " RAISE EXCEPTION 'test: %', '" + state + "' USING ERRCODE = '" + state + "'; END IF; RETURN NEW; END $$");
        exec("CREATE TRIGGER fail BEFORE INSERT ON " + table("events") + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()");
        return w;
    }

    /**
     * 40001 serializable isolation violation (Redshift's error 1023), 40P01 deadlock, 57014 query
     * canceled (WLM timeout, statement_timeout), 57P01 admin shutdown, 55P03 lock not available,
     * 25006 read-only (a resize), 53200 out of memory, 53300 too many connections, 08006 connection failure.
     */
    @ParameterizedTest
    @ValueSource(strings = {"40001", "40P01", "57014", "57P01", "55P03", "25006", "53200", "53300", "08006"})
    void serverStatesOfTheConnectionClassKeepTheEventForLater(String state) throws Exception {
        Warehouse w = tableRaising(state);

        WarehouseException e = catchThrowableOfWrite(w, "e1", "boom");

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(SqlErrors.sqlStates(e)).contains(state);
        w.write(row("events", "e1", str("a", "later")), cache);
        assertThat(count("events")).isEqualTo(2);
    }

    /** 22P02 invalid text, 23502 not null, 22001 value too long, 42601 syntax: the row's fault, to failed. */
    @ParameterizedTest
    @ValueSource(strings = {"22P02", "23502", "22001", "42601", "XX000"})
    void dataStatesSendTheEventToFailed(String state) throws Exception {
        Warehouse w = tableRaising(state);

        WarehouseException e = catchThrowableOfWrite(w, "e1", "boom");

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(e.getMessage()).contains("\"events\"").contains("test: " + state);
        assertThat(count("events")).isEqualTo(1);
    }

    /** The network drops every session: the driver's I/O failure (08006, a socket exception) is CONNECTION; the next write reconnects. */
    @Test
    void droppedNetworkIsAConnectionErrorAndTheNextWriteReconnects() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        assertThat(RedshiftFixture.get().proxy().dropAll()).isGreaterThanOrEqualTo(1);

        WarehouseException e = catchThrowableOfWrite(w, "e2", "2");
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(SqlErrors.sqlStates(e)).anyMatch(s -> s.startsWith("08"));

        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
    }

    @Test
    void nobodyListeningIsAConnectFailureOfClass08() {
        RedshiftDialect d = new RedshiftDialect();
        ConnectionSettings nobody = ConnectionSettings.builder("redshift").host("127.0.0.1").port(1).db("dev")
                .username("u").schema(schema).parameters(Map.of("ssl", "false", "connectTimeout", "2")).build();
        Throwable t = catchThrowable(() -> JdbcDrivers.connect(d.jdbcUrl(nobody), d.connectionProperties(nobody)).close());
        assertThat(t).isInstanceOf(SQLException.class);
        assertThat(((SQLException) t).getSQLState()).startsWith("08");
        assertThat(SqlErrors.chain(t)).anyMatch(c -> c instanceof ConnectException);
        assertThat(d.isConnectionError((SQLException) t)).isTrue();
    }

    private WarehouseException catchThrowableOfWrite(Warehouse w, String id, String a) {
        Throwable t = catchThrowable(() -> w.write(row("events", id, str("a", a)), cache));
        assertThat(t).as("write of %s must fail", id).isInstanceOf(WarehouseException.class);
        return (WarehouseException) t;
    }
}
