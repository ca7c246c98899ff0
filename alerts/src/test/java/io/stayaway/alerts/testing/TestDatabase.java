package io.stayaway.alerts.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away database on the real PostgreSQL for one test class: created with a random name,
 * dropped (with its connections) on close, so tests leave nothing behind and never share state.
 * Server from {@code STAYAWAY_TEST_PG_HOST}/{@code _PORT}/{@code _USER} (default 127.0.0.1:5432, postgres).
 */
public final class TestDatabase implements AutoCloseable {
    private final String host = env("STAYAWAY_TEST_PG_HOST", "127.0.0.1");
    private final String port = env("STAYAWAY_TEST_PG_PORT", "5432");
    private final String user = env("STAYAWAY_TEST_PG_USER", "postgres");
    private final String password = env("STAYAWAY_TEST_PG_PASSWORD", "");
    private final String name =
            "stayaway_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public TestDatabase() {
        admin("CREATE DATABASE " + name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** The first column of the first row of {@code sql} as a number (a count). */
    public long count(String sql) {
        try (Connection c = dataSource().getConnection();
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of {@code sql} as text, or null without a row. */
    public String text(String sql) {
        try (Connection c = dataSource().getConnection();
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + host + ":" + port + " refused '" + sql + "': " + e.getMessage(), e);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
