package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.matrix.WarehouseTestBase;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN "DDL hygiene": an ALTER blocked by someone's lock gives up after the lock timeout and is retried later. */
class PostgresDdlLockTimeoutTest extends WarehouseTestBase {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }

    @Test
    void addColumnBlockedByALockIsAConnectionErrorAndSucceedsOnceReleased() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "1")), cache);
        PostgresDialect d = new PostgresDialect();
        try (Connection locker = JdbcDrivers.connect(d.jdbcUrl(settings()), d.connectionProperties(settings()))) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE " + table("events") + " IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            WarehouseException e = refused(w, row("events", "e2", str("a", "2"), str("b", "2")), cache);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
            assertThat(e.getMessage()).contains("lock timeout");
            assertThat(waitedMs).isBetween(9_000L, 30_000L);
            locker.rollback();
        }

        w.write(row("events", "e2", str("a", "2"), str("b", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("b")).containsExactly(null, "2");
    }
}
