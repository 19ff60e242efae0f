package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Dialect;
import io.luden.stream.sinks.Dialects;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What every warehouse feature test needs: a fresh schema per test, Warehouses closed afterwards,
 * row builders, and read-back helpers. A database joins the matrix with one subclass per feature
 * that only says which {@link DatabaseFixture} to use.
 */
public abstract class WarehouseTestBase {
    protected static final String EVENT_ID = "eventn_ctx_event_id";
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    protected String schema;
    protected MapSchemaCache cache;
    private final List<Warehouse> opened = new ArrayList<>();

    /** The database this subclass runs against. */
    protected abstract DatabaseFixture database();

    @BeforeEach
    void freshSchema() {
        schema = "s" + SCHEMAS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        cache = new MapSchemaCache();
    }

    @AfterEach
    void closeWarehouses() {
        opened.forEach(Warehouse::close);
    }

    protected ConnectionSettings settings() {
        return database().settings(schema);
    }

    protected Dialect dialect() {
        return Dialects.forType(database().type());
    }

    protected Warehouse warehouse(String... primaryKeyFields) {
        return warehouse(settings(), primaryKeyFields);
    }

    protected Warehouse warehouse(ConnectionSettings settings, String... primaryKeyFields) {
        return track(new Warehouse(settings, Arrays.asList(primaryKeyFields)));
    }

    /** A Warehouse with {@code data_layout.max_columns} = {@code maxColumns}. */
    protected Warehouse warehouseWithMaxColumns(int maxColumns, String... primaryKeyFields) {
        return track(new Warehouse(settings(), Arrays.asList(primaryKeyFields), maxColumns));
    }

    /** Closes {@code w} after the test. */
    protected Warehouse track(Warehouse w) {
        opened.add(w);
        return w;
    }

    /** A row with an {@code eventn_ctx_event_id} column (when {@code eventId} is not null). */
    protected static Row row(String table, String eventId, Field... fields) {
        List<Field> all = new ArrayList<>(Arrays.asList(fields));
        if (eventId != null) {
            all.add(str(EVENT_ID, eventId));
        }
        return new Row(table, eventId, all);
    }

    /**
     * A column name as a row carries it to this warehouse: as given, or lower-cased where the warehouse
     * folds every identifier (Redshift); Luden's flattener lower-cases event keys anyway.
     */
    protected String column(String name) {
        return name;
    }

    protected static Field str(String column, String value) {
        return new Field(column, DataType.STRING, value);
    }

    protected static Field integer(String column, long value) {
        return new Field(column, DataType.INTEGER, value);
    }

    protected static Field number(String column, String jsonNumber) {
        return new Field(column, DataType.FLOAT, new BigDecimal(jsonNumber));
    }

    protected static Field bool(String column, boolean value) {
        return new Field(column, DataType.BOOLEAN, value);
    }

    protected static Field ts(String column, String iso) {
        return new Field(column, DataType.TIMESTAMP, iso);
    }

    protected String table(String table) {
        return dialect().quote(schema) + "." + dialect().quote(table);
    }

    /** All rows of {@code table}, ordered by {@code orderBy} (an SQL expression). */
    protected List<Map<String, Object>> rows(String table, String orderBy) {
        return database().rows(schema, table, orderBy);
    }

    protected long count(String table) {
        Object n = database().query("SELECT count(*) AS n FROM " + table(table)).get(0).get("n");
        return ((Number) n).longValue();
    }

    /** One value of one row, rendered as text by the database (timestamps, doubles: no driver quirks). */
    protected String text(String table, String column, String where) {
        return database().text(schema, table, column, where);
    }

    protected Map<String, String> columnTypes(String table) {
        return database().columnTypes(schema, table);
    }

    protected DataType category(String table, String column) {
        String type = columnTypes(table).get(column);
        assertThat(type).as("type of column %s.%s", table, column).isNotNull();
        return dialect().category(type);
    }

    protected void exec(String sql) {
        try {
            database().execute(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    protected static WarehouseException refused(Warehouse w, Row row, MapSchemaCache cache) {
        WarehouseException e = catchThrowableOfType(WarehouseException.class, () -> w.write(row, cache));
        assertThat(e).as("write of %s must be refused", row).isNotNull();
        return e;
    }
}
