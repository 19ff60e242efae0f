package io.luden.stream.sinks.testing;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.h2.GuinsooDialect;
import org.h2.tools.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * One real H2 2.0.206 TCP server per JVM (the engine Guinsoo forks; {@code org.h2.tools.Server} from the
 * driver's own jar, nothing installed), on a random port, its databases files in a temporary directory.
 * Remote hosts are refused (no {@code -tcpAllowOthers}); the socket is bound to loopback too when H2's
 * system properties are first read after this sets {@code h2.bindAddress} (H2 reads them once per JVM).
 *
 * <p>Two databases: {@link #DB} was created with {@code DATABASE_TO_LOWER=TRUE}, so the matrix's own
 * checking SQL, written with unquoted lower-case names ({@code SELECT count(*) AS n}, {@code ORDER BY
 * eventn_ctx_event_id}), reads the lower-case names Luden writes; Luden's writes are the same in both
 * (every identifier quoted). {@link #PLAIN_DB} has H2's default settings (unquoted names upper-cased),
 * as a Guinsoo server has them, for the tests that check that mode itself.
 */
public final class H2Fixture extends DatabaseFixture {
    public static final String DB = "luden";
    public static final String PLAIN_DB = "plain";
    public static final String USER = "luden";
    public static final String PASSWORD = "luden-test";

    private static H2Fixture instance;

    private final Path dir;
    private final Server server;
    private final Connection connection;
    private final Connection plain;

    private H2Fixture() throws IOException, SQLException {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        dir = Files.createTempDirectory("luden-h2");
        server = startServer(dir, 0);
        connection = connect(DB + ";DATABASE_TO_LOWER=TRUE");
        plain = connect(PLAIN_DB);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "h2-fixture-stop"));
    }

    /** A TCP server with databases under {@code dir}, created on first connect, on {@code port} (0: any free one). */
    public static Server startServer(Path dir, int port) throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    private Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        // the first user of a new H2 database is its administrator
        Connection c = new org.h2.Driver().connect("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + db, p);
        c.setAutoCommit(true);
        return c;
    }

    /** The JVM's H2 server, started now if it is not running yet. */
    public static synchronized H2Fixture get() {
        if (instance == null) {
            try {
                instance = new H2Fixture();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("H2 TCP server did not start", e);
            }
        }
        return instance;
    }

    @Override
    public String type() {
        return GuinsooDialect.GUINSOO_TYPE;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public ConnectionSettings settings(String schema, Map<String, String> parameters) {
        return settings(DB, schema, parameters);
    }

    /** Settings for database {@code db} ({@link #DB} or {@link #PLAIN_DB}) of this server. */
    public ConnectionSettings settings(String db, String schema, Map<String, String> parameters) {
        return ConnectionSettings.builder(type()).host("127.0.0.1").port(server.getPort()).db(db)
                .username(USER).password(PASSWORD).schema(schema).parameters(parameters).build();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /** A connection to {@link #PLAIN_DB}, H2's default case rules. */
    public Connection plainConnection() {
        return plain;
    }

    private void stop() {
        try {
            connection.close();
            plain.close();
        } catch (SQLException ignored) {
            // the JVM is exiting
        }
        server.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
