package io.luden.stream.sinks.h2;

/**
 * {@code type: guinsoo}: GuinsooLab's database, a fork of H2 2.0 that speaks H2's TCP protocol, so it is
 * written by {@link H2Dialect} through H2's driver; only the type name differs.
 */
public final class GuinsooDialect extends H2Dialect {
    public static final String GUINSOO_TYPE = "guinsoo";

    @Override
    public String type() {
        return GUINSOO_TYPE;
    }
}
