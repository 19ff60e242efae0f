package io.luden.stream.sinks.testing;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
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
