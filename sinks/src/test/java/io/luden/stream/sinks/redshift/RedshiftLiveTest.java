package io.luden.stream.sinks.redshift;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Field;
import io.luden.stream.sinks.Row;
import io.luden.stream.sinks.RowResult;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Redshift cluster, only when {@code REDSHIFT_JDBC_URL} ({@code jdbc:redshift://host:5439/db}),
 * {@code REDSHIFT_USER} and {@code REDSHIFT_PASSWORD} are set: a schema of its own, dropped afterwards.
 * Checks what the PostgreSQL stand-in cannot: that Redshift itself runs the staged statements and takes
 * the declared (unenforced) keys, so replays and upserts add no row.
 */
@EnabledIfEnvironmentVariable(named = "REDSHIFT_JDBC_URL", matches = "jdbc:redshift://.+")
@EnabledIfEnvironmentVariable(named = "REDSHIFT_USER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "REDSHIFT_PASSWORD", matches = ".+")
class RedshiftLiveTest {
    private final String schema = "luden_live_" + UUID.randomUUID().toString().substring(0, 8);
    private final MapSchemaCache cache = new MapSchemaCache();
    private final List<Warehouse> opened = new ArrayList<>();

    private ConnectionSettings settings() {
        URI uri = URI.create(System.getenv("REDSHIFT_JDBC_URL").substring("jdbc:".length()));
        return ConnectionSettings.builder("redshift").host(uri.getHost()).port(uri.getPort() < 0 ? null : uri.getPort())
                .db(uri.getPath().substring(1)).schema(schema).username(System.getenv("REDSHIFT_USER"))
                .password(System.getenv("REDSHIFT_PASSWORD")).build();
    }

    private Warehouse warehouse(String... key) {
        Warehouse w = new Warehouse(settings(), List.of(key));
        opened.add(w);
        return w;
    }

    private long count(String table) throws SQLException {
        RedshiftDialect d = new RedshiftDialect();
        try (Connection c = JdbcDrivers.connect(d.jdbcUrl(settings()), d.connectionProperties(settings()));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + d.quote(schema) + "." + d.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        opened.forEach(Warehouse::close);
        RedshiftDialect d = new RedshiftDialect();
        try (Connection c = JdbcDrivers.connect(d.jdbcUrl(settings()), d.connectionProperties(settings()));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + d.quote(schema) + " CASCADE");
        }
    }

    private static Row row(String id, String v) {
        return new Row("events", id, List.of(new Field("eventn_ctx_event_id", DataType.STRING, id),
                new Field("user", DataType.STRING, v), new Field("n", DataType.INTEGER, 1L)));
    }

    @Test
    void replayedBatchesAndSingleRowsAddNoRow() throws Exception {
        Warehouse w = warehouse();
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(row("e" + i, "u" + i));
        }
        assertThat(w.write("events", batch, cache)).allMatch(RowResult::isWritten);
        assertThat(w.write("events", batch, cache)).allMatch(RowResult::isWritten);
        w.write(row("e0", "again"), cache);

        assertThat(count("events")).isEqualTo(50);
    }

    @Test
    void primaryKeyFieldsUpsert() throws Exception {
        Warehouse w = warehouse("eventn_ctx_event_id");
        w.write(row("k", "first"), cache);
        w.write(row("k", "second"), cache);
        assertThat(w.write("events", List.of(row("k", "third"), row("k2", "x")), cache)).allMatch(RowResult::isWritten);

        assertThat(count("events")).isEqualTo(2);
    }
}
