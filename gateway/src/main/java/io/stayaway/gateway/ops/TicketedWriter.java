package io.stayaway.gateway.ops;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items to a durable store in the order they were submitted, on a thread of its own, retrying each
 * with backoff (100 ms doubling to 5 s) until it is written: a slow or unavailable database delays an item
 * but never drops it, and never blocks the thread that submitted it.
 *
 * <p>Each item gets a ticket, in submission order, and {@link #awaitWritten} tells when every item up to a
 * ticket is written. A caller that must not make durable a state that passes an item still only in memory
 * (evaluation's saved state passes the alerts and device commands it caused) waits for the ticket first.
 * {@link #close} writes what is queued, waiting at most the drain time it was given.
 * {@link #submit} is thread-safe and never blocks.
 *
 * @param <T> the items written
 */
public final class TicketedWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketedWriter.class);

    /** Writes one item; throws if it was not written (it is retried). */
    @FunctionalInterface
    public interface Write<T> {
        void write(T item) throws Exception;
    }

    private record Work<T>(long ticket, T item) {}

    private final String name;
    private final Write<T> write;
    private final Function<T, String> describe;
    private final Duration drainWithin;
    private final BlockingQueue<Work<T>> queue = new LinkedBlockingQueue<>();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    /** The newest ticket handed out; guarded by {@code this}. */
    private long issued;
    /** Every ticket up to this one is written; guarded by {@code this}. */
    private long writtenThrough;
    /** Set by {@link #close} once it stops waiting: nothing more is written; guarded by {@code this}. */
    private boolean stopped;

    /**
     * @param name the thread's name, also used in log lines
     * @param describe names an item in a log line (never personal data)
     * @param drainWithin how long {@link #close} waits for queued items
     */
    public TicketedWriter(String name, Write<T> write, Function<T, String> describe, Duration drainWithin) {
        this.name = name;
        this.write = write;
        this.describe = describe;
        this.drainWithin = drainWithin;
        this.thread = new Thread(this::run, name);
        this.thread.start();
    }

    /** Queues an item to be written; returns its ticket (see {@link #awaitWritten}). */
    public synchronized long submit(T item) {
        issued++;
        queue.add(new Work<>(issued, item));
        return issued;
    }

    /** The ticket of the newest item submitted so far (0: none). */
    public synchronized long lastTicket() {
        return issued;
    }

    /**
     * Waits until every item up to {@code ticket} is written.
     *
     * @return false when this writer was closed first, leaving one of them unwritten
     */
    public synchronized boolean awaitWritten(long ticket) throws InterruptedException {
        while (writtenThrough < ticket) {
            if (stopped) {
                return false;
            }
            wait();
        }
        return true;
    }

    public int backlog() {
        return queue.size();
    }

    /** Write failures so far (each retried); a rising count means items are late. */
    public long failureCount() {
        return failures.get();
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    private synchronized void markWritten(long ticket) {
        writtenThrough = ticket;
        notifyAll();
    }

    private void run() {
        while (!stopped()) {
            Work<T> work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (writeWithRetry(work.item())) {
                markWritten(work.ticket());
            }
        }
    }

    /** Writes one item, retrying with backoff until it is written (true) or this writer is stopped (false). */
    private boolean writeWithRetry(T item) {
        long backoffMs = 100;
        while (!stopped()) {
            try {
                write.write(item);
                return true;
            } catch (Exception | Error e) {
                // An Error too: a writer thread that died would hold every later item in memory, unwritten, silently.
                if (stopped()) {
                    break;
                }
                failures.incrementAndGet();
                LOG.error(
                        "{}: could not write {} (will retry in {} ms): {}",
                        name,
                        describe.apply(item),
                        backoffMs,
                        e.getMessage());
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // close() interrupts only after stopping: the retry loop sees it
        }
    }

    /**
     * Writes what is queued, waiting at most the drain time, then stops.
     *
     * @return how many submitted items were left unwritten (0 when all were written)
     */
    public long drainAndStop() {
        long unwritten;
        synchronized (this) {
            long deadline = System.nanoTime() + drainWithin.toNanos();
            long left;
            while (writtenThrough < issued && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            unwritten = issued - writtenThrough;
            stopped = true;
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return unwritten;
    }

    @Override
    public void close() {
        drainAndStop();
    }
}
