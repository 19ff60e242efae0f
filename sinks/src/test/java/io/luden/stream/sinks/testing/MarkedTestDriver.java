package io.luden.stream.sinks.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Base of the test-only JDBC drivers (registered in {@code META-INF/services/java.sql.Driver} of the
 * test class path, so the job's {@code ServiceLoader} lookup finds them) that take a connection only
 * when its properties carry their marker ({@code datasource.parameters}) and otherwise decline, so
 * the lookup goes on to the real driver.
 */
public abstract class MarkedTestDriver implements Driver {
    private final String marker;

    protected MarkedTestDriver(String marker) {
        this.marker = marker;
    }

    /** The marker's value in {@code info}, or null when this driver must decline. */
    protected final String markerValue(String url, Properties info) throws java.sql.SQLException {
        return acceptsURL(url) && info != null ? info.getProperty(marker) : null;
    }

    /** {@code info} without the marker, for the real driver. */
    protected final Properties withoutMarker(Properties info) {
        Properties real = new Properties();
        real.putAll(info);
        real.remove(marker);
        return real;
    }

    /**
     * A connection of the real driver for {@code url} (found as the job finds drivers, skipping the
     * test drivers), with {@code info} less the marker; an 08001 error when no real driver takes it.
     */
    protected final Connection connectReal(String url, Properties info) throws SQLException {
        Properties real = withoutMarker(info);
        for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
            if (!(driver instanceof MarkedTestDriver) && driver.acceptsURL(url)) {
                Connection c = driver.connect(url, real);
                if (c != null) {
                    return c;
                }
            }
        }
        throw new SQLException("no JDBC driver on the test class path accepts " + url, "08001");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
