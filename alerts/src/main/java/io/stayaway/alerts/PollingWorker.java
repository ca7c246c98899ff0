package io.stayaway.alerts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named daemon thread that repeats a database step: again at once while the step finds work,
 * otherwise after the idle poll or as soon as {@link #wake()} is called; a failing step is logged (the
 * store unavailable, or with its stack trace a bug, even an {@link Error}) and retried after the idle poll:
 * the thread never dies while the worker runs. {@link #wake()}
 * is thread-safe. Public for the check-in worker ({@code alerts.checkin}).
 */
public final class PollingWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PollingWorker.class);

    /** One pass of the worker's job; returns how many items it handled (0 = idle). */
    public interface Step {
        int run() throws SQLException;
    }

    private final String name;
    private final Duration idlePoll;
    private final Step step;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public PollingWorker(String name, Duration idlePoll, Step step) {
        this.name = name;
        this.idlePoll = idlePoll;
        this.step = step;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void wake() {
        wakeups.release();
    }

    private void loop() {
        while (running) {
            try {
                if (step.run() == 0) {
                    wakeups.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException e) {
                LOG.error("{}: store unavailable, retrying in {} ms: {}", name, idlePoll.toMillis(), e.getMessage());
                if (!pause()) {
                    return;
                }
            } catch (RuntimeException | Error e) {
                // An Error too: a worker thread that died would leave its rows unsent and unescalated, silently.
                LOG.error("{}: step failed, retrying in {} ms", name, idlePoll.toMillis(), e);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** Waits the idle poll after a failed step; false when interrupted (closing). */
    private boolean pause() {
        try {
            Thread.sleep(idlePoll.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
