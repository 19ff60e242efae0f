package io.luden.stream.sinks.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Opens JDBC connections through {@link ServiceLoader} on the user-code class loader. Never
 * {@link java.sql.DriverManager}: on a Flink cluster it only sees drivers of the first job's loader.
 */
public final class JdbcDrivers {
    private JdbcDrivers() {}

    /** Connects with the first driver on the context class loader (else this class's) that accepts {@code url}. */
    public static Connection connect(String url, Properties properties) throws SQLException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = JdbcDrivers.class.getClassLoader();
        Connection c = context != null ? tryConnect(context, url, properties) : null;
        if (c == null && context != own) {
            c = tryConnect(own, url, properties);
        }
        if (c == null) {
            // 08001 (cannot establish connection): a packaging problem is retried, never fails events
            throw new SQLException("no JDBC driver on the class path accepts " + scheme(url), "08001");
        }
        return c;
    }

    private static Connection tryConnect(ClassLoader loader, String url, Properties properties) throws SQLException {
        var it = ServiceLoader.load(Driver.class, loader).iterator();
        while (true) {
            Driver driver;
            try {
                if (!it.hasNext()) {
                    return null;
                }
                driver = it.next();
            } catch (ServiceConfigurationError e) {
                continue; // a broken provider elsewhere on the class path must not hide ours
            }
            if (driver.acceptsURL(url)) {
                Connection c = driver.connect(url, properties);
                if (c != null) {
                    return c;
                }
            }
        }
    }

    /**
     * Deregisters the drivers of {@code loader} from {@link DriverManager}. Drivers register
     * themselves there in their static initializer (which ServiceLoader runs), and that JDK-wide
     * reference would keep a finished job's class loader and its classes
     * alive in the TaskManager forever. Run when Flink releases the job's class loader.
     */
    public static void deregisterDriversOf(ClassLoader loader) {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException | SecurityException e) {
                    // nothing else to do: the class loader stays, as before
                }
            }
        }
    }

    /** The URL up to its second colon, e.g. {@code jdbc:postgresql}: no host or credentials in messages. */
    private static String scheme(String url) {
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? url : url.substring(0, second);
    }
}
