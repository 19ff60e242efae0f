package io.luden.stream.sinks.clickhouse;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.ClickHouseFixture;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.clickhouse.ClickHouseHttpAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The exceptions the ClickHouse JDBC driver really throws against the real engine, classified by the
 * server's error code (client-v2's ServerException) or the exception's type — never by message text.
 */
@Timeout(120)
class ClickHouseConnectionClassesTest extends WarehouseTestBase {
    private final ClickHouseDialect d = new ClickHouseDialect();

    @Override
    protected DatabaseFixture database() {
        return ClickHouseFixture.get();
    }

    private SQLException failing(String sql) {
        return catchThrowableOfType(SQLException.class, () -> {
            try (Connection c = JdbcDrivers.connect(d.jdbcUrl(settings()), d.connectionProperties(settings()));
                 Statement st = c.createStatement()) {
                st.execute(sql);
            }
        });
    }

    @Test
    void aQueryTimeoutOfTheServerIsAConnectionError() {
        SQLException e = failing("SELECT count() FROM numbers(100000000000) SETTINGS max_execution_time = 0.2,"
                + " timeout_overflow_mode = 'throw'");

        assertThat((Object) e).isNotNull();
        assertThat(ClickHouseErrors.code(e)).isEqualTo(159); // TIMEOUT_EXCEEDED
        assertThat(d.isConnectionError(e)).isTrue();
    }

    @Test
    void theServersMemoryLimitIsAConnectionError() {
        SQLException e = failing("SELECT groupArray(number) FROM numbers(10000000) SETTINGS max_memory_usage = 100000");

        assertThat(ClickHouseErrors.code(e)).isEqualTo(241); // MEMORY_LIMIT_EXCEEDED
        assertThat(d.isConnectionError(e)).isTrue();
    }

    @Test
    void aReadOnlySessionIsAConnectionError() {
        exec("CREATE DATABASE IF NOT EXISTS " + d.quote(schema));
        exec("CREATE TABLE " + table("t") + " (a String) ENGINE = MergeTree ORDER BY tuple()");
        SQLException e = failing("INSERT INTO " + table("t") + " SETTINGS readonly = 1 VALUES ('x')");

        assertThat((Object) e).isNotNull();
        assertThat(ClickHouseErrors.code(e)).as(e.getMessage()).isIn(164, 497); // READONLY / ACCESS_DENIED
        assertThat(d.isConnectionError(e)).isTrue();
    }

    @Test
    void dataErrorsAreNotConnectionErrorsWhateverTheirTextSays() {
        exec("CREATE DATABASE IF NOT EXISTS " + d.quote(schema));
        exec("CREATE TABLE " + table("n") + " (x Int64) ENGINE = MergeTree ORDER BY tuple()");
        SQLException parse = failing("INSERT INTO " + table("n") + " VALUES ('connection refused: timed out, EOF')");
        SQLException unknownTable = failing("SELECT * FROM " + table("missing"));
        SQLException date = failing("SELECT CAST('connection reset by peer' AS Date)");

        assertThat((Object) parse).isNotNull();
        assertThat(d.isConnectionError(parse)).as(parse.getMessage()).isFalse();
        assertThat(ClickHouseErrors.code(unknownTable)).isEqualTo(60);
        assertThat(d.isConnectionError(unknownTable)).isFalse();
        assertThat(ClickHouseErrors.code(date)).isEqualTo(38);
        assertThat(d.isConnectionError(date)).isFalse();
    }

    @Test
    void alreadyExistsIsRecognisedByCode() {
        exec("CREATE DATABASE IF NOT EXISTS " + d.quote(schema));
        exec("CREATE TABLE " + table("t") + " (a String) ENGINE = MergeTree ORDER BY tuple()");

        SQLException table = failing("CREATE TABLE " + table("t") + " (a String) ENGINE = MergeTree ORDER BY tuple()");
        SQLException database = failing("CREATE DATABASE " + d.quote(schema));
        SQLException other = failing("CREATE TABLE " + table("u") + " (a NoSuchType) ENGINE = MergeTree ORDER BY tuple()");

        assertThat(ClickHouseErrors.code(table)).isEqualTo(57);
        assertThat(d.isAlreadyExists(table)).isTrue();
        assertThat(ClickHouseErrors.code(database)).isEqualTo(82);
        assertThat(d.isAlreadyExists(database)).isTrue();
        assertThat(d.isAlreadyExists(other)).isFalse();
    }

    @Test
    void nobodyListeningIsAConnectionErrorByTheExceptionsType() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionSettings down = ConnectionSettings.builder("clickhouse").host("127.0.0.1").port(port).schema(schema).build();
        SQLException e = catchThrowableOfType(SQLException.class, () -> {
            try (Connection c = JdbcDrivers.connect(d.jdbcUrl(down), d.connectionProperties(down));
                 Statement st = c.createStatement()) {
                st.execute("SELECT 1");
            }
        });

        assertThat((Object) e).isNotNull();
        assertThat(ClickHouseErrors.code(e)).isEqualTo(-1);
        assertThat(d.isConnectionError(e)).as(String.valueOf(e)).isTrue();
    }

    /** The server goes away under an open session and comes back: the write in between retries, the next reconnects. */
    @Test
    void serverGoneAndBackIsAConnectionErrorThenTheNextWriteReconnects() throws Exception {
        ClickHouseFixture ch = ClickHouseFixture.get();
        ClickHouseHttpAdapter server = new ClickHouseHttpAdapter(ch.engine());
        int port = server.port();
        ConnectionSettings s = ConnectionSettings.builder("clickhouse").host("127.0.0.1").port(port).db(schema)
                .schema(schema).build();
        Warehouse w = warehouse(s);
        w.write(row("events", "e1", str("a", "1")), cache);
        server.close();

        WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);

        ClickHouseHttpAdapter again = new ClickHouseHttpAdapter(ch.engine(), port);
        try {
            w.write(row("events", "e2", str("a", "2")), cache);
            assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
        } finally {
            again.close();
        }
    }
}
