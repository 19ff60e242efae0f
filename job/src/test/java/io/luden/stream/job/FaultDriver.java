package io.luden.stream.job;

import io.luden.stream.sinks.testing.MarkedTestDriver;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
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
 * pgjdbc's, except that writing one of the {@link #crashAt planned} event ids — a statement bound to
 * it, or COPY data holding it — throws an unchecked exception, once per id, across restarts (static
 * state: the MiniCluster runs in this JVM): before the row reaches the database, or right after the
 * commit that made it durable. Either way the
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

    /**
     * A connection whose statements and COPYs are watched for planned ids. BEFORE_INSERT fires before
     * the statement (or the COPY data) holding the id reaches the database; AFTER_COMMIT right after
     * the commit that made it durable (the statement itself in autocommit mode, else
     * {@link Connection#commit}).
     */
    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection delegate;
        /** Planned AFTER_COMMIT ids written in the open transaction. */
        private final Set<String> uncommitted = new LinkedHashSet<>();

        ConnectionHandler(Connection delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getName().equals("unwrap") && args[0] == PGConnection.class) {
                PGConnection pg = delegate.unwrap(PGConnection.class);
                return Proxy.newProxyInstance(FaultDriver.class.getClassLoader(), new Class<?>[] {PGConnection.class},
                        (p, pm, pargs) -> pm.getName().equals("getCopyAPI")
                                ? new WatchedCopyManager((BaseConnection) pg, this) : call(pg, pm, pargs));
            }
            if (m.getName().equals("rollback")) {
                uncommitted.clear();
            }
            Object result = call(delegate, m, args);
            if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                return Proxy.newProxyInstance(FaultDriver.class.getClassLoader(),
                        new Class<?>[] {PreparedStatement.class}, new StatementHandler(ps, this));
            }
            if (m.getName().equals("commit")) {
                List<String> committed = List.copyOf(uncommitted);
                uncommitted.clear();
                committed.forEach(FaultDriver::fire);
            }
            return result;
        }

        /** {@code ids} are about to be written: fire BEFORE_INSERT ones now, AFTER_COMMIT ones once durable. */
        Object writing(Collection<String> ids, RealCall write) throws Throwable {
            for (String id : ids) {
                if (PLAN.get(id) == When.BEFORE_INSERT) {
                    fire(id);
                }
            }
            Object result = write.call();
            for (String id : ids) {
                if (PLAN.get(id) == When.AFTER_COMMIT) {
                    if (delegate.getAutoCommit()) {
                        fire(id);
                    } else {
                        uncommitted.add(id);
                    }
                }
            }
            return result;
        }
    }

    /** The real JDBC call a planned write makes. */
    private interface RealCall {
        Object call() throws Throwable;
    }

    private static final class StatementHandler implements InvocationHandler {
        private final PreparedStatement delegate;
        private final ConnectionHandler connection;
        private final Set<String> planned = new LinkedHashSet<>();

        StatementHandler(PreparedStatement delegate, ConnectionHandler connection) {
            this.delegate = delegate;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("setString") && args != null && args[1] instanceof String s && PLAN.containsKey(s)) {
                planned.add(s);
            }
            if (!name.startsWith("execute") || planned.isEmpty()) {
                return call(delegate, m, args);
            }
            List<String> ids = List.copyOf(planned);
            planned.clear();
            return connection.writing(ids, () -> call(delegate, m, args));
        }
    }

    /** pgjdbc's CopyManager, whose COPY data is watched for planned ids. */
    private static final class WatchedCopyManager extends CopyManager {
        private final ConnectionHandler connection;

        WatchedCopyManager(BaseConnection pg, ConnectionHandler connection) throws SQLException {
            super(pg);
            this.connection = connection;
        }

        @Override
        public CopyIn copyIn(String sql) throws SQLException {
            CopyIn copy = super.copyIn(sql);
            return (CopyIn) Proxy.newProxyInstance(FaultDriver.class.getClassLoader(), new Class<?>[] {CopyIn.class},
                    (p, m, args) -> {
                        if (!m.getName().equals("writeToCopy") || !(args[0] instanceof byte[] bytes)) {
                            return call(copy, m, args);
                        }
                        String text = new String(bytes, (int) args[1], (int) args[2], StandardCharsets.UTF_8);
                        List<String> ids = PLAN.keySet().stream().filter(text::contains).toList();
                        return connection.writing(ids, () -> call(copy, m, args));
                    });
        }
    }

    private static void fire(String id) {
        if (FIRED.add(id)) {
            CRASHES.incrementAndGet();
            throw new InjectedCrash("injected crash at event " + id + " (" + PLAN.get(id) + ")");
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith("jdbc:postgresql:");
    }
}
