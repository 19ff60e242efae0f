package io.luden.stream.sinks;

/** The value types of SPEC §8: what a flattened value is, before a dialect maps it to an SQL type. */
public enum DataType {
    BOOLEAN,
    INTEGER,
    FLOAT,
    TIMESTAMP,
    STRING
}
