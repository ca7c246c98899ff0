package io.stayaway.alerts;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Applies the alerts module's own migrations (history kept apart from the gateway's). */
public final class AlertSchema {
    private AlertSchema() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/alerts")
                .table("flyway_history_alerts")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
