package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;
import io.luden.stream.sinks.testing.snowflake.FakeError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Error classes by Snowflake's vendor codes and SQLStates, never message text: the fake answers a
 * statement with Snowflake's error (code, SQLState, a message that says nothing), the real driver turns
 * it into its SnowflakeSQLException, and the dialect and the Warehouse classify that.
 */
class SnowflakeConnectionClassesTest extends WarehouseTestBase {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    private SQLException driverError(String code, String sqlState) {
        SnowflakeFixture.get().server().failNext(sql -> sql.startsWith("SELECT 1"), new FakeError(code, sqlState,
                "timed out connection refused EOF")); // words Jitsu matched on: they must not matter
        SQLException e = catchThrowableOfType(SQLException.class, () -> database().execute("SELECT 1 AS one"));
        assertThat((Object) e).as("the driver's exception").isNotNull();
        return e;
    }

    @ParameterizedTest(name = "{0} / {1}: connection class")
    @CsvSource({
            "000606, 57P03", // no active warehouse (suspended, dropped and recreated)
            "000630, 57014", // statement reached its statement or warehouse timeout
            "000604, 57014", // SQL execution canceled
            "000625, 57014", // lock wait timeout
            "390111, 08001", // session no longer exists
            "390114, 08001", // authentication token expired
            "123456, 08006", // any class 08 state
            "123456, 40001", // serialization failure
    })
    void connectionClassCodes(String code, String state) {
        SQLException e = driverError(code, state);
        assertThat(e.getErrorCode()).isEqualTo(Integer.parseInt(code));
        assertThat(new SnowflakeDialect().isConnectionError(e)).isTrue();
    }

    /** 390112 (session expired) never reaches the writer: the driver renews the session token and runs the query again. */
    @org.junit.jupiter.api.Test
    void expiredSessionIsRenewedByTheDriver() throws Exception {
        var server = SnowflakeFixture.get().server();
        int renewals = (int) server.requests().stream().filter(r -> r.path.equals("/session/token-request")).count();
        server.failNext(sql -> sql.startsWith("SELECT 2"), new FakeError("390112", "08001", "x"));

        assertThat(database().query("SELECT 2 AS two")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("two")).intValue()).isEqualTo(2));
        assertThat(server.requests().stream().filter(r -> r.path.equals("/session/token-request")).count())
                .isEqualTo(renewals + 1);
    }

    @ParameterizedTest(name = "{0} / {1}: data class")
    @CsvSource({
            "100038, 22018", // numeric value not recognized
            "100035, 22007", // timestamp not recognized
            "100072, 22000", // NULL result in a non-nullable column
            "100074, 22000", // string too long
            "002003, 42S02", // object does not exist
            "000904, 42000", // invalid identifier
            "001003, 42000", // syntax error
            "100090, 42P18", // duplicate row in a MERGE
    })
    void dataClassCodes(String code, String state) {
        SQLException e = driverError(code, state);
        assertThat(new SnowflakeDialect().isConnectionError(e)).isFalse();
    }

    @ParameterizedTest(name = "{0}: already exists")
    @CsvSource({"002002, 42710, true", "001430, 42601, true", "002003, 42S02, false"})
    void alreadyExistsByCode(String code, String state, boolean exists) {
        assertThat(new SnowflakeDialect().isAlreadyExists(driverError(code, state))).isEqualTo(exists);
    }

    @ParameterizedTest(name = "MERGE refused with {0}: {2}")
    @CsvSource({"000606, 57P03, CONNECTION", "100038, 22018, DATA"})
    void aRefusedWriteIsRetriedOrFailedByItsClass(String code, String state, WarehouseException.Kind kind) throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        // a data error is retried once against a fresh schema, a connection error is not
        for (int i = 0; i < (kind == WarehouseException.Kind.DATA ? 2 : 1); i++) {
            SnowflakeFixture.get().server().failNext(sql -> sql.startsWith("MERGE"), new FakeError(code, state, "x"));
        }

        WarehouseException e = refused(w, row("events", "e2", str("a", "2")), cache);

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(count("events")).isEqualTo(1);
    }
}
