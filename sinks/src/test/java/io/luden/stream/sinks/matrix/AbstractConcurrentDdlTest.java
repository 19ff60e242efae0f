package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.TableSchema;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** DESIGN "DDL hygiene": a CREATE / ADD COLUMN that another writer already did is success. */
public abstract class AbstractConcurrentDdlTest extends WarehouseTestBase {
    private static final int ROUNDS = 5;
    private static final int WRITERS = 2;

    @Test
    void twoWarehousesRacingOnTheSameNewTableBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String table = "race" + round;
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<?>> done = new ArrayList<>();
                for (int wr = 0; wr < WRITERS; wr++) {
                    Warehouse w = warehouse();
                    MapSchemaCache own = new MapSchemaCache();
                    String id = "w" + wr;
                    done.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        writeLikeTheLoader(w, row(table, id + "a", str("a", id)), own);
                        writeLikeTheLoader(w, row(table, id + "b", str("a", id), integer("shared_new", 1),
                                str("only_" + id, "x")), own);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertThat(count(table)).isEqualTo(2L * WRITERS);
                assertThat(columnTypes(table)).containsKeys("a", "shared_new", "only_w0", "only_w1", EVENT_ID);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void staleCacheMissingAnExistingColumnStillWrites() throws Exception {
        Warehouse first = warehouse();
        first.write(row("events", "e1", str("a", "1")), cache);
        MapSchemaCache stale = new MapSchemaCache();
        stale.put("events", copy(cache.get("events")));
        first.write(row("events", "e2", str("a", "2"), str("b", "2")), cache);

        // the second writer believes b is missing: its ADD COLUMN IF NOT EXISTS finds it there
        warehouse().write(row("events", "e3", str("a", "3"), str("b", "3")), stale);

        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("b")).containsExactly(null, "2", "3");
        assertThat(stale.get("events").columns).containsKey("b");
    }

    @Test
    void alreadyExistsErrorsAreRecognisedAndOthersAreNot() throws Exception {
        exec("CREATE SCHEMA " + dialect().quote(schema));
        String t = table("dup");
        exec("CREATE TABLE " + t + " (a INTEGER)");

        assertThat(dialect().isAlreadyExists(error("CREATE TABLE " + t + " (a INTEGER)"))).isTrue();
        assertThat(dialect().isAlreadyExists(error("ALTER TABLE " + t + " ADD COLUMN a INTEGER"))).isTrue();
        assertThat(dialect().isAlreadyExists(error("CREATE SCHEMA " + dialect().quote(schema)))).isTrue();
        SQLException other = error("INSERT INTO " + t + " (a) VALUES ('not a number')");
        assertThat(dialect().isAlreadyExists(other)).isFalse();
        assertThat(dialect().isConnectionError(other)).isFalse();
    }

    /** The loader keeps an event on CONNECTION and retries it later (DuckDB: a transaction conflict). */
    private static void writeLikeTheLoader(Warehouse w, io.luden.stream.sinks.Row row, MapSchemaCache cache)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                w.write(row, cache);
                return;
            } catch (WarehouseException e) {
                if (!e.isConnection() || attempt == 5) {
                    throw e;
                }
                Thread.sleep(20L * attempt);
            }
        }
    }

    private SQLException error(String sql) {
        SQLException e = catchThrowableOfType(SQLException.class, () -> database().execute(sql));
        assertThat((Throwable) e).as("%s must fail", sql).isNotNull();
        return e;
    }

    private static TableSchema copy(TableSchema s) {
        return new TableSchema(s.table, Map.copyOf(s.columns), s.primaryKey, s.uniqueKeys);
    }
}
