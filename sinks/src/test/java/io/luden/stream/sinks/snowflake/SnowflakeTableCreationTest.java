package io.luden.stream.sinks.snowflake;

import io.luden.stream.sinks.DataType;
import io.luden.stream.sinks.matrix.AbstractTableCreationTest;
import io.luden.stream.sinks.testing.DatabaseFixture;
import io.luden.stream.sinks.testing.SnowflakeFixture;

/** Against the fake: the DDL the dialect sends creates the columns, types and declared keys it should, read back through the driver. */
class SnowflakeTableCreationTest extends AbstractTableCreationTest {
    @Override
    protected DatabaseFixture database() {
        return SnowflakeFixture.get();
    }

    /** Snowflake reports BIGINT as NUMBER(38,0) and DOUBLE PRECISION as FLOAT (its only float type). */
    @Override
    protected String reportedType(DataType type) {
        return type == DataType.INTEGER ? "number(38,0)" : type == DataType.FLOAT ? "float" : dialect().sqlType(type);
    }

    /** INT is a synonym of NUMBER(38,0) in Snowflake: information_schema says NUMBER, precision 38, scale 0. */
    @Override
    protected String reportedIntType() {
        return "number(38,0)";
    }
}
