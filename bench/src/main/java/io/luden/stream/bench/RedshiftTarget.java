package io.luden.stream.bench;

import io.luden.stream.sinks.testing.RedshiftProxy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * "Redshift" as the tests run it: the job writes with the Redshift JDBC driver through
 * {@link RedshiftProxy} (Redshift's SQL rules checked on every statement) into the benchmark's embedded
 * PostgreSQL, one database per run ({@code run_redshift_<name>}). The bulk load it is measured against is
 * that same PostgreSQL's COPY FROM STDIN over a plain pgjdbc connection, past the proxy: Redshift's own
 * COPY reads from S3, which is not here. So the ratio says what the Redshift write path (driver, proxy,
 * staging table, anti-join) costs next to the fastest load of the same engine, not what a cluster does.
 * Tables, counts and the single-row INSERTs are read and run as {@link PostgresTarget} does.
 */
final class RedshiftTarget implements Target {
    private final PostgresTarget postgres;
    private final RedshiftProxy proxy;

    RedshiftTarget(int postgresPort) throws IOException {
        this.postgres = new PostgresTarget(postgresPort);
        this.proxy = new RedshiftProxy(postgresPort);
    }

    private static String run(String run) {
        return "redshift_" + run;
    }

    @Override
    public String name() {
        return "redshift";
    }

    @Override
    public String bulkPath() {
        return "PostgreSQL COPY FROM STDIN (no S3 here)";
    }

    @Override
    public String datasourceYaml(String run, Path runDir) throws Exception {
        postgres.datasourceYaml(run(run), runDir); // a fresh database
        return "    type: redshift\n"
                + "    datasource: {host: 127.0.0.1, port: " + proxy.port() + ", db: " + PostgresTarget.database(run(run))
                + ", schema: public,\n"
                + "                 username: postgres, password: postgres, parameters: {ssl: \"false\"}}\n";
    }

    @Override
    public Map<String, Map<String, String>> jobTables(String run) throws Exception {
        List<String> refused = proxy.refusals();
        if (!refused.isEmpty()) {
            throw new IllegalStateException("the job sent statements Redshift refuses: " + refused);
        }
        return postgres.jobTables(run(run));
    }

    @Override
    public long rows(String run, String table) throws Exception {
        return postgres.rows(run(run), table);
    }

    @Override
    public double bulk(String run, Map<String, TableRows> rows) throws Exception {
        return postgres.bulk(run(run), rows);
    }

    @Override
    public double singleRowInserts(String run, Map<String, TableRows> rows, List<String> order) throws Exception {
        return postgres.singleRowInserts(run(run), rows, order);
    }

    @Override
    public WriteWatcher.Signature writeSignature(String run) throws Exception {
        return postgres.writeSignature(run(run));
    }

    @Override
    public String describe() throws Exception {
        return postgres.describe() + " behind the test proxy holding statements to Redshift's SQL rules,"
                + " written with " + com.amazon.redshift.util.DriverInfo.DRIVER_FULL_NAME;
    }

    @Override
    public void close() {
        proxy.close();
    }
}
