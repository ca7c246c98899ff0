package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker under the notification dispatcher and the escalation scheduler must outlive any failing step. */
class PollingWorkerTest {
    @Test
    void aStepThatThrowsAnErrorIsRetriedTheThreadDoesNotDie() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch ranAgain = new CountDownLatch(1);
        try (PollingWorker worker = new PollingWorker("test-worker", Duration.ofMillis(20), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("a step that blew up");
            }
            ranAgain.countDown();
            return 0;
        })) {
            worker.start();

            assertTrue(ranAgain.await(10, TimeUnit.SECONDS), "the step ran again after the Error");
        }
    }
}
