package io.luden.stream.sinks.jdbc;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcDriversTest {

    @Test
    void connectsThroughTheServiceLoader() throws Exception {
        try (Connection c = JdbcDrivers.connect("jdbc:duckdb:", new Properties());
             ResultSet rs = c.createStatement().executeQuery("SELECT 41 + 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void unknownUrlIsAConnectionClassErrorWithoutCredentials() {
        assertThatThrownBy(() -> JdbcDrivers.connect("jdbc:nosuchdb://user:secret@host/db", new Properties()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("jdbc:nosuchdb").hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08001"));
    }

    @Test
    void fallsBackToItsOwnLoaderWhenTheContextLoaderHasNoDriver() throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            t.setContextClassLoader(empty);
            try (Connection c = JdbcDrivers.connect("jdbc:duckdb:", new Properties())) {
                assertThat(c.isValid(1)).isTrue();
            }
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
