package io.luden.stream.sinks.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a test close the JDBC connection a Warehouse holds, as if it was closed under the writer,
 * without a hook in the Warehouse: a driver (found by {@code JdbcDrivers}' {@code ServiceLoader}
 * lookup through {@code META-INF/services/java.sql.Driver} of the test class path) that takes a
 * connection only when its properties carry {@value #MARKER} (set through the destination's
 * {@code datasource.parameters}, see {@link #parameters}), opens it with the real driver for the URL,
 * and keeps it under the marker's value. Without the marker it declines, and the lookup goes on to
 * the real driver.
 */
public final class TrackingDriver extends MarkedTestDriver {
    public static final String MARKER = "ludenTrackConnections";

    public TrackingDriver() {
        super(MARKER);
    }

    private static final Map<String, List<Connection>> OPENED = new ConcurrentHashMap<>();

    /** {@code datasource.parameters} whose connections are kept under {@code key}. */
    public static Map<String, String> parameters(String key) {
        return Map.of(MARKER, key);
    }

    /** How many connections were opened with {@link #parameters}({@code key}) so far. */
    public static int opened(String key) {
        return OPENED.getOrDefault(key, List.of()).size();
    }

    /** Closes every connection opened under {@code key} that is still open; returns how many it closed. */
    public static int closeAll(String key) throws SQLException {
        int closed = 0;
        for (Connection c : List.copyOf(OPENED.getOrDefault(key, List.of()))) {
            if (!c.isClosed()) {
                c.close();
                closed++;
            }
        }
        return closed;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        String key = markerValue(url, info);
        if (key == null) {
            return null;
        }
        Connection c = connectReal(url, info);
        OPENED.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(c);
        return c;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:");
    }
}
