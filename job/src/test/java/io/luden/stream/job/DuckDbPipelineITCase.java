package io.luden.stream.job;

import io.luden.stream.functions.Summary;
import io.luden.stream.sinks.jdbc.JdbcDrivers;
import io.luden.stream.sinks.testing.TestData;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The whole job on a MiniCluster, loading into an embedded DuckDB file (the default destination type). */
class DuckDbPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dir;

    private List<Map<String, Object>> query(Path db, String sql) throws Exception {
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:" + db, new Properties());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void loadsJitsuFixtureIntoDuckDbAndAFreshRerunAddsNoRows() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("jitsu/server/test_data/fact_input_with_error_lines_1.0.log"),
                run.spool().resolve("fact.log"));
        Path db = dir.resolve("data/warehouse.duckdb");
        var config = run.config("destinations:\n  wh:\n    type: duckdb\n    datasource: {path: " + db + "}\n"
                + "    data_layout:\n      table_name_template: '" + PostgresPipelineITCase.JITSU_TEMPLATE + "'\n");

        assertThat(run.run(config).get("wh")).contains(entry(Summary.LOADED, 7L), entry(Summary.SKIPPED, 1L));

        List<Map<String, Object>> types = query(db, "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_name = 'notification_2020_08'");
        Map<String, Object> byName = new LinkedHashMap<>();
        types.forEach(r -> byName.put((String) r.get("column_name"), r.get("data_type")));
        assertThat(byName).contains(entry("_geo_data_latitude", "DOUBLE"), entry("key1_key2", "VARCHAR"),
                entry("_timestamp", "TIMESTAMP"), entry("key5", "VARCHAR"));
        assertThat(query(db, "SELECT key5, _geo_data_latitude FROM notification_2020_08")).singleElement()
                .satisfies(r -> {
                    assertThat(r.get("key5")).isEqualTo("[1,2,4,5]");
                    assertThat(r.get("_geo_data_latitude")).isEqualTo(40.7809);
                });
        assertThat(query(db, "SELECT count(*) AS n FROM user_2020_08")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(3));

        run.run(config);
        assertThat(query(db, "SELECT count(*) AS n FROM user_2020_08")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(3));
        assertThat(query(db, "SELECT count(*) AS n FROM null_2020_08")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(1));
    }

    @Test
    void loadsWithTheRocksDbStateBackend() throws Exception {
        PipelineRunner run = new PipelineRunner(dir);
        Files.copy(TestData.path("bulker/bulker_columns_added.ndjson"), run.spool().resolve("cols.ndjson"));
        Path db = dir.resolve("rocks.duckdb");
        var config = run.config(", backend: rocksdb", "destinations:\n  wh:\n    type: duckdb\n    datasource: {path: " + db + "}\n");
        assertThat(config.stateBackend()).isEqualTo("rocksdb");

        assertThat(run.run(config).get("wh")).contains(entry(Summary.LOADED, 6L));

        assertThat(query(db, "SELECT count(*) AS n FROM events")).singleElement()
                .satisfies(r -> assertThat(((Number) r.get("n")).longValue()).isEqualTo(6));
        // keyed state went through RocksDB: its incremental checkpoints keep shared SST files
        try (var files = Files.walk(dir.resolve("state/checkpoints"))) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().equals("shared"))).isTrue();
        }
    }
}
