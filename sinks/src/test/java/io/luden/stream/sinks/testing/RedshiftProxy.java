package io.luden.stream.sinks.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy between the Redshift JDBC driver and a PostgreSQL server, for tests only.
 * <ul>
 *   <li>The startup message loses the parameters Redshift's driver sends and PostgreSQL does not know
 *       ({@link #DROPPED}); an SSL or GSS request is answered "no".</li>
 *   <li>Every statement (simple Query and extended-protocol Parse) is checked against
 *       {@link RedshiftSqlRules}. One that Redshift would refuse is recorded in {@link #refusals()} and
 *       replaced by text PostgreSQL cannot parse either, so the driver gets an error (42601) as it would
 *       from Redshift, and the test sees the row fail.</li>
 * </ul>
 * Everything else is passed through byte for byte.
 */
public final class RedshiftProxy implements AutoCloseable {
    /**
     * Startup parameters of the Redshift driver that PostgreSQL refuses ("unrecognized configuration
     * parameter"); driver 2.2 adds {@code driver_discovery_version} to the ones 2.1 sent.
     */
    public static final Set<String> DROPPED = Set.of("driver_version", "os_version", "plugin_name",
            "client_protocol_version", "idp_type", "provider_name", "compression", "driver_discovery_version");

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final ServerSocket server;
    private final int targetPort;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> startups = new CopyOnWriteArrayList<>();
    /** The latest statements through the proxy, for a test to look at (bounded). */
    private final java.util.Deque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
    static final int RECENT = 500;
    private volatile boolean closed;

    public RedshiftProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "redshift-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Statements refused so far, each as "why: sql". */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The latest statements the driver sent (at most {@value #RECENT}), oldest first. */
    public List<String> recentStatements() {
        return List.copyOf(recent);
    }

    /** The startup parameters the driver sent (before dropping), per connection, in order. */
    public List<Map<String, String>> startups() {
        return List.copyOf(startups);
    }

    /** Drops every connection through the proxy now, as a network failure would. */
    public int dropAll() {
        int n = 0;
        for (Socket s : sockets) {
            closeQuietly(s);
            n++;
        }
        sockets.clear();
        return n / 2;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> serve(client), "redshift-proxy-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("redshift proxy: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            sockets.add(client);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream toClient = client.getOutputStream();
            byte[] startup;
            while (true) {
                int length = in.readInt();
                int code = in.readInt();
                byte[] rest = new byte[length - 8];
                in.readFully(rest);
                if (code == SSL_REQUEST || code == GSS_REQUEST) {
                    toClient.write('N');
                    toClient.flush();
                    continue;
                }
                if (code == CANCEL_REQUEST) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
                    out.writeInt(length);
                    out.writeInt(code);
                    out.write(rest);
                    out.flush();
                    return;
                }
                startup = startup(code, rest);
                break;
            }
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            sockets.add(upstream);
            OutputStream toServer = new BufferedOutputStream(upstream.getOutputStream(), 1 << 16);
            toServer.write(startup);
            toServer.flush();
            Socket up = upstream;
            Thread back = new Thread(() -> backToClient(up, client), "redshift-proxy-back-" + client.getPort());
            back.setDaemon(true);
            back.start();
            forwardMessages(in, toServer);
        } catch (IOException e) {
            // a closed socket on either side ends the session, as on a network
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            if (upstream != null) {
                sockets.remove(upstream);
            }
        }
    }

    /** The startup message again, less {@link #DROPPED}. */
    private byte[] startup(int protocol, byte[] body) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            int k = indexOf(body, i);
            int v = indexOf(body, k + 1);
            params.put(new String(body, i, k - i, StandardCharsets.UTF_8), new String(body, k + 1, v - k - 1, StandardCharsets.UTF_8));
            i = v + 1;
        }
        startups.add(Map.copyOf(params));
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!DROPPED.contains(e.getKey())) {
                kept.write(e.getKey().getBytes(StandardCharsets.UTF_8));
                kept.write(0);
                kept.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                kept.write(0);
            }
        }
        kept.write(0);
        byte[] p = kept.toByteArray();
        java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(msg);
        out.writeInt(p.length + 8);
        out.writeInt(protocol);
        out.write(p);
        return msg.toByteArray();
    }

    /** Client → server: typed messages, statements checked; flushed whenever the client has nothing more buffered. */
    private void forwardMessages(DataInputStream in, OutputStream toServer) throws IOException {
        DataOutputStream out = new DataOutputStream(toServer);
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            if (type == 'Q') {
                body = checked(body, 0, 0);
            } else if (type == 'P') {
                int name = indexOf(body, 0);
                int query = indexOf(body, name + 1);
                int parameters = query + 2 < body.length ? ((body[query + 1] & 0xff) << 8) | (body[query + 2] & 0xff) : 0;
                body = checked(body, name + 1, parameters);
            }
            out.write(type);
            out.writeInt(body.length + 4);
            out.write(body);
            if (in.available() == 0) {
                out.flush();
            }
        }
    }

    /** {@code body} with its statement (a NUL-terminated string at {@code at}) replaced when Redshift would refuse it. */
    private byte[] checked(byte[] body, int at, int parameters) {
        int end = indexOf(body, at);
        String sql = new String(body, at, end - at, StandardCharsets.UTF_8);
        recent.addLast(sql);
        while (recent.size() > RECENT) {
            recent.pollFirst();
        }
        Optional<String> why = RedshiftSqlRules.check(sql, parameters);
        if (why.isEmpty()) {
            return body;
        }
        refusals.add(why.get() + ": " + (sql.length() > 500 ? sql.substring(0, 500) + "…" : sql));
        byte[] replacement = ("REDSHIFT REFUSES THIS STATEMENT /* " + why.get().replace("*/", "") + " */")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length - (end - at) + replacement.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(replacement, 0, out, at, replacement.length);
        System.arraycopy(body, end, out, at + replacement.length, body.length - end);
        return out;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return b.length;
    }

    /**
     * Server → client, message by message: error and notice messages lose PostgreSQL's "portal … parameter
     * $n" context (Redshift sends none, and the driver's portal names differ on every statement).
     */
    private void backToClient(Socket from, Socket to) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(from.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to.getOutputStream(), 1 << 16));
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'E' || type == 'N') {
                    body = withoutPortalContext(body);
                }
                out.write(type);
                out.writeInt(body.length + 4);
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /** An ErrorResponse / NoticeResponse body (fields: code byte, NUL-terminated text; a final NUL) less a 'W' field naming a portal. */
    static byte[] withoutPortalContext(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length);
        int i = 0;
        while (i < body.length && body[i] != 0) {
            int end = indexOf(body, i + 1);
            String text = new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
            if (!(body[i] == 'W' && text.contains("portal"))) {
                out.write(body, i, end - i + 1);
            }
            i = end + 1;
        }
        out.write(0);
        return out.toByteArray();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        new ArrayList<>(sockets).forEach(RedshiftProxy::closeQuietly);
    }
}
