package io.luden.stream.sinks.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a test make the connection fail the way a network does in the middle of a transaction: a
 * driver (see {@link MarkedTestDriver}) that takes a connection only when its properties carry
 * {@value #MARKER}, opens it with the real driver and hands out a thin proxy of it whose
 * {@code commit()} throws {@link SQLTransientConnectionException} (and closes the real connection, as
 * a dropped socket would) while {@link #failCommits} says so. Everything else, {@code unwrap} included
 * (pgjdbc's COPY API, DuckDB's appender), goes to the real connection.
 */
public final class FailingCommitDriver extends MarkedTestDriver {
    public static final String MARKER = "ludenFailCommits";

    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

    public FailingCommitDriver() {
        super(MARKER);
    }

    /** {@code datasource.parameters} for connections controlled under {@code key}. */
    public static Map<String, String> parameters(String key) {
        return Map.of(MARKER, key);
    }

    /** The next {@code n} commits of connections under {@code key} fail as a lost connection. */
    public static void failCommits(String key, int n) {
        FAILURES.computeIfAbsent(key, k -> new AtomicInteger()).set(n);
    }

    /** How many connections were opened under {@code key}. */
    public static int opened(String key) {
        return OPENED.getOrDefault(key, new AtomicInteger()).get();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        String key = markerValue(url, info);
        if (key == null) {
            return null;
        }
        Connection c = connectReal(url, info);
        OPENED.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return proxy(key, c);
    }

    private static Connection proxy(String key, Connection real) {
        InvocationHandler handler = (p, method, args) -> {
            if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                AtomicInteger left = FAILURES.get(key);
                if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    real.close(); // the server never saw the commit: the transaction is gone
                    throw new SQLTransientConnectionException("test: connection lost at commit", "08006");
                }
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(FailingCommitDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:");
    }
}
