package io.luden.stream.sinks.testing.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The ClickHouse engine in this JVM: chDB's C API through JNA, one data directory per process (the
 * engine allows one). Each statement runs on a connection of a small pool (a chDB connection runs one
 * statement at a time; several connections to one path run concurrently). Test-only.
 */
public final class ChdbEngine implements AutoCloseable {

    /** The part of chdb.h that is used. */
    interface Chdb extends Library {
        void chdb_set_signal_handlers_enabled(int enabled);

        Pointer chdb_connect(int argc, String[] argv);

        void chdb_close_conn(Pointer connection);

        Pointer chdb_query_n(Pointer connection, Pointer query, long queryLength, String format, long formatLength);

        Pointer chdb_result_buffer(Pointer result);

        long chdb_result_length(Pointer result);

        String chdb_result_error(Pointer result);

        long chdb_result_rows_read(Pointer result);

        long chdb_result_bytes_read(Pointer result);

        long chdb_result_rows_written(Pointer result);

        long chdb_result_bytes_written(Pointer result);

        double chdb_result_elapsed(Pointer result);

        void chdb_destroy_query_result(Pointer result);

        Pointer chdb_stream_insert_n(Pointer connection, Pointer query, long queryLength, String format, long formatLength);

        int chdb_stream_append(Pointer stream, Pointer data, long length);

        Pointer chdb_stream_done(Pointer stream);

        String chdb_stream_insert_error(Pointer stream);

        void chdb_destroy_insert_stream(Pointer stream);

        String chdb_version();
    }

    /** What a statement gave: its output in the asked format, or the engine's error text. */
    public static final class Result {
        public final byte[] output;
        public final String error;
        public final long rowsRead;
        public final long bytesRead;
        public final long rowsWritten;
        public final long bytesWritten;
        public final double elapsedSeconds;

        Result(byte[] output, String error, long rowsRead, long bytesRead, long rowsWritten, long bytesWritten,
               double elapsedSeconds) {
            this.output = output;
            this.error = error;
            this.rowsRead = rowsRead;
            this.bytesRead = bytesRead;
            this.rowsWritten = rowsWritten;
            this.bytesWritten = bytesWritten;
            this.elapsedSeconds = elapsedSeconds;
        }

        public String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    private final Chdb chdb;
    private final Path dataDir;
    /** Idle connections per session key (database and settings): chDB applies settings given at connect per connection. */
    private final Map<String, Deque<Pointer>> idle = new HashMap<>();
    private boolean closed;

    /** Where a statement runs: its current database and the ClickHouse settings of its request. */
    public static final class Session {
        final String database;
        final SortedMap<String, String> settings;
        final String key;

        public Session(String database, Map<String, String> settings) {
            this.database = database == null || database.isEmpty() ? "default" : database;
            this.settings = new TreeMap<>(settings);
            this.key = this.database + "\u0000" + this.settings;
        }
    }

    /** A session's connection could not be opened (an unknown setting, an unknown database). */
    public static final class SessionException extends RuntimeException {
        SessionException(String message) {
            super(message);
        }
    }

    private static final Session DEFAULT = new Session("default", Map.of());

    /** Boots the engine on {@code dataDir}. */
    public ChdbEngine(Path library, Path dataDir) {
        chdb = Native.load(library.toString(), Chdb.class);
        // the JVM owns SIGSEGV & co. (null checks, safepoints): the engine must not take them over
        chdb.chdb_set_signal_handlers_enabled(0);
        this.dataDir = dataDir;
        giveBack(DEFAULT, connect(DEFAULT), true);
    }

    public String version() {
        return chdb.chdb_version();
    }

    private Pointer connect(Session session) {
        List<String> args = new ArrayList<>(List.of("clickhouse", "--path=" + dataDir));
        session.settings.forEach((k, v) -> args.add("--" + k + "=" + v));
        String[] argv = args.toArray(new String[0]);
        Pointer handle = chdb.chdb_connect(argv.length, argv);
        if (handle == null || handle.getPointer(0) == null) {
            throw new SessionException("Code: 115. DB::Exception: cannot open a session with settings "
                    + session.settings + ". (UNKNOWN_SETTING)");
        }
        if (!session.database.equals("default")) {
            Result use = run(handle, ("USE " + quote(session.database)).getBytes(StandardCharsets.UTF_8), "TSV");
            if (use.error != null) {
                chdb.chdb_close_conn(handle);
                throw new SessionException(use.error);
            }
        }
        return handle;
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("\\", "\\\\").replace("`", "\\`") + '`';
    }

    /** Runs one statement (binary-safe: inline INSERT data may hold any bytes); the output in {@code format}. */
    public Result query(byte[] sql, String format) {
        return query(DEFAULT, sql, format);
    }

    public Result query(Session session, byte[] sql, String format) {
        Pointer handle = borrow(session);
        boolean healthy = false;
        try {
            Result r = run(handle, sql, format);
            healthy = true;
            return r;
        } finally {
            giveBack(session, handle, healthy);
        }
    }

    /**
     * An INSERT whose data comes apart from its text ({@code INSERT INTO t (a, b)} and {@code data} in
     * {@code format}), as the HTTP interface gets it: the data is streamed in as it is, never parsed as SQL.
     */
    public Result insert(Session session, byte[] sql, String format, byte[] data) {
        Pointer handle = borrow(session);
        boolean healthy = false;
        Pointer stream = null;
        try {
            Memory text = memory(sql);
            byte[] f = format.getBytes(StandardCharsets.UTF_8);
            stream = chdb.chdb_stream_insert_n(handle.getPointer(0), text, sql.length, format, f.length);
            String error = chdb.chdb_stream_insert_error(stream);
            if (error == null && data.length > 0) {
                chdb.chdb_stream_append(stream, memory(data), data.length);
                error = chdb.chdb_stream_insert_error(stream);
            }
            Result r;
            if (error != null) {
                r = new Result(new byte[0], error, 0, 0, 0, 0, 0);
            } else {
                Pointer done = chdb.chdb_stream_done(stream);
                try {
                    r = result(done);
                } finally {
                    chdb.chdb_destroy_query_result(done);
                }
            }
            healthy = true;
            return r;
        } finally {
            if (stream != null) {
                chdb.chdb_destroy_insert_stream(stream);
            }
            giveBack(session, handle, healthy);
        }
    }

    private static Memory memory(byte[] bytes) {
        Memory m = new Memory(Math.max(1, bytes.length));
        m.write(0, bytes, 0, bytes.length);
        return m;
    }

    private Result run(Pointer handle, byte[] sql, String format) {
        byte[] f = format.getBytes(StandardCharsets.UTF_8);
        Pointer result = chdb.chdb_query_n(handle.getPointer(0), memory(sql), sql.length, format, f.length);
        if (result == null) {
            throw new IllegalStateException("chdb_query_n returned no result");
        }
        try {
            return result(result);
        } finally {
            chdb.chdb_destroy_query_result(result);
        }
    }

    private Result result(Pointer result) {
        String error = chdb.chdb_result_error(result);
        byte[] out = new byte[0];
        if (error == null) {
            long n = chdb.chdb_result_length(result);
            Pointer buffer = chdb.chdb_result_buffer(result);
            out = n == 0 || buffer == null ? new byte[0] : buffer.getByteArray(0, Math.toIntExact(n));
        }
        return new Result(out, error, chdb.chdb_result_rows_read(result), chdb.chdb_result_bytes_read(result),
                chdb.chdb_result_rows_written(result), chdb.chdb_result_bytes_written(result),
                chdb.chdb_result_elapsed(result));
    }

    /** {@link #query(byte[], String)} of a UTF-8 statement; an engine error is thrown. */
    public String queryText(String sql, String format) {
        Result r = query(sql.getBytes(StandardCharsets.UTF_8), format);
        if (r.error != null) {
            throw new IllegalStateException(r.error.strip() + " [" + sql + "]");
        }
        return r.text();
    }

    private Pointer borrow(Session session) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the ClickHouse engine is closed");
            }
            Deque<Pointer> free = idle.get(session.key);
            Pointer p = free == null ? null : free.poll();
            if (p != null) {
                return p;
            }
        }
        return connect(session);
    }

    private synchronized void giveBack(Session session, Pointer handle, boolean healthy) {
        Deque<Pointer> free = idle.computeIfAbsent(session.key, k -> new ArrayDeque<>());
        if (!closed && healthy && free.size() < MAX_IDLE_PER_SESSION) {
            free.push(handle);
        } else {
            chdb.chdb_close_conn(handle);
        }
    }

    /** Idle connections kept per session key. */
    static final int MAX_IDLE_PER_SESSION = 8;

    @Override
    public synchronized void close() {
        closed = true;
        for (Deque<Pointer> free : idle.values()) {
            while (!free.isEmpty()) {
                chdb.chdb_close_conn(free.pop());
            }
        }
    }
}
