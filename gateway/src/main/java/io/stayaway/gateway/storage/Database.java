package io.stayaway.gateway.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stayaway.alerts.AlertSchema;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The gateway's PostgreSQL: a connection pool and the schema migrations of every module. Thread-safe. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Connects and applies the gateway's and the alerts module's migrations. Pings and device events are TimescaleDB
     * hypertables (V16), which make their time chunks as rows arrive: nothing to create ahead.
     */
    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("stayaway");
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            migrations(ds).load().migrate();
            AlertSchema.migrate(ds);
            return new Database(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new StorageException("could not prepare the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** The gateway's own migrations (the alerts module's are {@link AlertSchema}'s); a test may stop them early. */
    public static FluentConfiguration migrations(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/gateway")
                .table("flyway_history_gateway")
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
