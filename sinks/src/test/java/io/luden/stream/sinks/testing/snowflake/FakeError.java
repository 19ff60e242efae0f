package io.luden.stream.sinks.testing.snowflake;

/** An error the fake answers with: Snowflake's error code (6 digits, as its REST API sends it), SQLState and message. */
public final class FakeError extends RuntimeException {
    final String code;
    final String sqlState;

    public FakeError(String code, String sqlState, String message) {
        super(message);
        this.code = code;
        this.sqlState = sqlState;
    }

    /** A compilation error (SQLState 42000 unless given). */
    static FakeError compilation(String code, String message) {
        return new FakeError(code, "42000", "SQL compilation error:\n" + message);
    }

    static FakeError notFound(String what) {
        return new FakeError("002003", "42S02", "SQL compilation error:\n" + what + " does not exist or not authorized.");
    }

    static FakeError invalidIdentifier(String name) {
        return new FakeError("000904", "42000", "SQL compilation error: error line 1 at position 0\ninvalid identifier '"
                + name + "'");
    }
}
