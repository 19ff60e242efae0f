package io.luden.stream.sinks.postgres;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.matrix.AbstractExplicitTypesTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.PostgresFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresExplicitTypesTest extends AbstractExplicitTypesTest {
    @Override
    protected DatabaseFixture database() {
        return PostgresFixture.get();
    }

    @Test
    void jsonbColumnFromAnArrayValueIsCastSoPostgresParsesIt() throws Exception {
        Warehouse w = warehouse();
        w.write(row("t", "e", typed("payload", DataType.STRING, "[1,{\"a\":2}]", "jsonb")), cache);

        assertThat(typeOf("t", "payload")).isEqualTo("jsonb");
        // jsonb normalises its text: proof the value was stored as JSON, not as text
        assertThat(text("t", "payload", "true")).isEqualTo("[1, {\"a\": 2}]");
        WarehouseException e = refused(w, row("t", "bad", typed("payload", DataType.STRING, "{not json", "jsonb")), cache);
        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.DATA);
        assertThat(count("t")).isEqualTo(1);
    }

    @Test
    void postgresSpecificTypeNamesPassThroughUnchanged() throws Exception {
        warehouse().write(row("t", "e", typed("small", DataType.INTEGER, 3L, "int4"),
                typed("code", DataType.STRING, "ab", "varchar(10)")), cache);

        assertThat(typeOf("t", "small")).isEqualTo("integer");
        assertThat(typeOf("t", "code")).isEqualTo("character varying");
        assertThat(text("t", "code", "true")).isEqualTo("ab");
    }
}
