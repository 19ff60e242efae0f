package io.luden.stream.sinks.mysql;

import io.luden.stream.sinks.matrix.AbstractPrimaryKeyMismatchTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.MySqlFixture;

class MySqlPrimaryKeyMismatchTest extends AbstractPrimaryKeyMismatchTest {
    @Override
    protected DatabaseFixture database() {
        return MySqlFixture.get();
    }
}
