package io.stayaway.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TicketedWriterTest {
    @Test
    void itemsAreWrittenInOrderEachRetriedUntilWrittenEvenAfterAnError() throws Exception {
        List<String> written = new CopyOnWriteArrayList<>();
        AtomicInteger attemptsOfB = new AtomicInteger();
        try (TicketedWriter<String> writer = new TicketedWriter<>(
                "test-writer",
                item -> {
                    if (item.equals("b")) {
                        int attempt = attemptsOfB.incrementAndGet();
                        if (attempt == 1) {
                            throw new SQLException("database away");
                        }
                        if (attempt == 2) {
                            throw new StackOverflowError("an Error, not an Exception");
                        }
                    }
                    written.add(item);
                },
                item -> item,
                Duration.ofSeconds(5))) {
            writer.submit("a");
            writer.submit("b");
            long last = writer.submit("c");

            assertTrue(writer.awaitWritten(last));
            assertEquals(List.of("a", "b", "c"), written);
            assertEquals(2, writer.failureCount());
        }
    }

    @Test
    void whatIsLeftUnwrittenAtCloseIsCountedAndItsWaitersAreReleased() throws Exception {
        TicketedWriter<String> writer = new TicketedWriter<>(
                "test-writer",
                item -> {
                    throw new SQLException("never");
                },
                item -> item,
                Duration.ofMillis(200));
        long ticket = writer.submit("x");
        writer.submit("y");

        assertEquals(2, writer.drainAndStop());
        assertFalse(writer.awaitWritten(ticket), "a waiter learns the item was not written");
    }
}
