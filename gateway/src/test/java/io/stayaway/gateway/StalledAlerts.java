package io.stayaway.gateway;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A database that is slow to store one type of alert, as a real one under load or lock contention is: a
 * {@code BEFORE INSERT} trigger on {@code alerts} makes every insert of that type wait for an advisory lock
 * this object holds, until {@link #close}. Other alerts, and everything else, are stored as usual.
 */
final class StalledAlerts implements AutoCloseable {
    private static final long LOCK = 7_301_013L;

    private final DataSource dataSource;
    private final Connection holder;

    /** Holds back alerts of {@code type} (an {@code AlertType} name) in the database behind {@code dataSource}. */
    StalledAlerts(DataSource dataSource, String type) throws SQLException {
        this.dataSource = dataSource;
        holder = dataSource.getConnection();
        try (Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + LOCK + ")");
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("""
                    CREATE OR REPLACE FUNCTION test_stall_alert() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.type = TG_ARGV[0] THEN PERFORM pg_advisory_xact_lock(%d); END IF;
                      RETURN NEW;
                    END $$""".formatted(LOCK));
            st.execute("CREATE TRIGGER test_stall_alert BEFORE INSERT ON alerts FOR EACH ROW"
                    + " EXECUTE FUNCTION test_stall_alert('" + type + "')");
        }
    }

    /** Inserts waiting behind the lock: each is an alert the gateway has tried, and so far failed, to store. */
    long waiting() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                                + " AND ((classid::bigint << 32) | objid::bigint) = " + LOCK)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Lets the held-back inserts through and removes the trigger. */
    @Override
    public void close() throws SQLException {
        try (Connection h = holder;
                Statement st = h.createStatement()) {
            st.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
        }
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER IF EXISTS test_stall_alert ON alerts");
        }
    }
}
