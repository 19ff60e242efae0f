package io.luden.stream.sinks.testing.snowflake;

/**
 * TEST ONLY: runs {@link FakeSnowflake} on its own (from the test class path) so that a local
 * {@code ./luden run} can be pointed at it by {@code host:} / {@code port:}; prints its port and serves
 * until killed, then prints each table's row count.
 */
public final class FakeSnowflakeMain {
    private FakeSnowflakeMain() {}

    public static void main(String[] args) throws InterruptedException {
        FakeSnowflake server = FakeSnowflake.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (server.model()) {
                server.model().schemas.forEach((s, tables) -> tables.forEach((t, table) ->
                        System.out.println("table " + s + "." + t + ": " + table.rows.size() + " rows")));
            }
            server.close();
        }));
        System.out.println("fake Snowflake on " + server.host() + ":" + server.port());
        Thread.currentThread().join();
    }
}
