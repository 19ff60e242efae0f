package io.luden.stream.bench;

import java.nio.file.Path;
import java.util.Map;

/** One warehouse the benchmark loads: where a job run writes, and the database's own load paths. */
interface Target extends AutoCloseable {
    /** {@code postgres} or {@code duckdb}: also the destination id in the generated configuration. */
    String name();

    /** What {@link #bulk} uses, for the table header: {@code COPY FROM STDIN}, … */
    String bulkPath();

    /** The destination block's type and datasource (YAML, indented for a destination) for job run {@code run}; creates a fresh database. */
    String datasourceYaml(String run, Path runDir) throws Exception;

    /** Column → type of every table the job created in run {@code run}, in column order. */
    Map<String, Map<String, String>> jobTables(String run) throws Exception;

    /** Rows in table {@code table} of run {@code run}. */
    long rows(String run, String table) throws Exception;

    /**
     * Loads {@code rows} with the database's bulk path into fresh copies of the job's tables (same
     * definition, unique key included); returns the seconds the load took (preparing the payload
     * not included) after checking that the copies hold exactly the job's rows.
     */
    double bulk(String run, Map<String, TableRows> rows) throws Exception;

    /** The same with one autocommitted, prepared single-row INSERT per row, in the events' order. */
    double singleRowInserts(String run, Map<String, TableRows> rows, java.util.List<String> order) throws Exception;

    /** What the job of run {@code run} has written so far, for {@link WriteWatcher}. */
    WriteWatcher.Signature writeSignature(String run) throws Exception;

    /** Server version and settings worth printing beside the numbers. */
    String describe() throws Exception;
}
