package io.luden.stream.job;

import io.luden.stream.sinks.testing.MarkedTestDriver;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault injection without a hook in the job's code: a JDBC driver (found by the job's
 * {@code ServiceLoader} lookup through {@code META-INF/services/java.sql.Driver} of the test class
 * path) that takes a {@code jdbc:postgresql:} connection only when its properties carry
 * {@value #MARKER} (set through the destination's {@code datasource.parameters}), and otherwise
 * declines (returns {@code null}, so the job's lookup goes on to pgjdbc). Its connections are
 * pgjdbc's, except that executing a statement bound to one of the {@link #crashAt planned} event ids
 * throws an unchecked exception — once per id, across restarts (static state: the MiniCluster runs
 * in this JVM) — before the INSERT reaches the database or after it has committed. Either way the
 * subtask fails and Flink restarts the job from its last checkpoint.
 */
public final class FaultDriver extends MarkedTestDriver {
    static final String MARKER = "ludenFaultInjection";

    public FaultDriver() {
        super(MARKER);
    }

    enum When { BEFORE_INSERT, AFTER_COMMIT }

    /** Thrown into the loader at a planned point. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash(String message) {
            super(message);
        }
    }

    private static final Map<String, When> PLAN = new ConcurrentHashMap<>();
    private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger CRASHES = new AtomicInteger();

    /** Crash the writer once when it executes a statement bound to event id {@code eventId}. */
    static void crashAt(String eventId, When when) {
        PLAN.put(eventId, when);
    }

    static void reset() {
        PLAN.clear();
        FIRED.clear();
        CRASHES.set(0);
    }

    static int crashes() {
        return CRASHES.get();
    }

    static Set<String> fired() {
        return Set.copyOf(FIRED);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (markerValue(url, info) == null) {
            return null;
        }
        Connection c = new org.postgresql.Driver().connect(url, withoutMarker(info));
        return c == null ? null : (Connection) Proxy.newProxyInstance(FaultDriver.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(c));
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record ConnectionHandler(Connection delegate) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            Object result = call(delegate, m, args);
            if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                return Proxy.newProxyInstance(FaultDriver.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, new StatementHandler(ps));
            }
            return result;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final PreparedStatement delegate;
        private String plannedId;

        StatementHandler(PreparedStatement delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("setString") && args != null && args[1] instanceof String s && PLAN.containsKey(s)) {
                plannedId = s;
            }
            boolean execute = name.startsWith("execute");
            When when = execute && plannedId != null && !FIRED.contains(plannedId) ? PLAN.get(plannedId) : null;
            if (when == When.BEFORE_INSERT) {
                fire();
            }
            Object result = call(delegate, m, args);
            if (when == When.AFTER_COMMIT) {
                fire();
            }
            return result;
        }

        private void fire() {
            if (FIRED.add(plannedId)) {
                CRASHES.incrementAndGet();
                throw new InjectedCrash("injected crash at event " + plannedId + " (" + PLAN.get(plannedId) + ")");
            }
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }
}
