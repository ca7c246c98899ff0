package io.stayaway.gateway.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stayaway.alerts.AlertSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The gateway's PostgreSQL: a connection pool and the schema migrations of every module. Thread-safe. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Connects, applies the gateway's and the alerts module's migrations, and creates time partitions ahead. */
    public static Database open(String url, String user, String password, int poolSize, Clock clock) {
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
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/gateway")
                    .table("flyway_history_gateway")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            AlertSchema.migrate(ds);
            Database db = new Database(ds);
            db.ensurePartitions(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
            return db;
        } catch (RuntimeException | SQLException e) {
            ds.close();
            throw new StorageException("could not prepare the database at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Monthly partitions of the time-series tables from last month to three months ahead. */
    public void ensurePartitions(LocalDate today) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String table : new String[] {"pings", "device_events"}) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ensure_month_partitions(?, ?, 5)")) {
                    ps.setString(1, table);
                    ps.setObject(2, today.minusMonths(1).withDayOfMonth(1));
                    ps.execute();
                }
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
