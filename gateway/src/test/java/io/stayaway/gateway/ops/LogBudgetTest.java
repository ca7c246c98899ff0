package io.stayaway.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void atMostTheBudgetIsLoggedPerWindowAndTheRestIsReportedOnceWhenTheWindowEnds() {
        LogBudget budget = new LogBudget(3, Duration.ofMinutes(1));
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (budget.admit(T0.plusMillis(i))) {
                admitted++;
            }
        }
        assertEquals(3, admitted);
        assertEquals(0, budget.takeSuppressed(T0.plusSeconds(30)), "reported only once the window has ended");
        assertEquals(97, budget.takeSuppressed(T0.plusSeconds(60)));
        assertEquals(0, budget.takeSuppressed(T0.plusSeconds(61)), "reported once");
        assertTrue(budget.admit(T0.plusSeconds(62)), "a new window has its own budget");
    }

    @Test
    void linesHeldBackInAWindowAreReportedEvenIfTheNextWindowStartedWithALine() {
        LogBudget budget = new LogBudget(1, Duration.ofMinutes(1));
        assertTrue(budget.admit(T0));
        assertFalse(budget.admit(T0.plusSeconds(1)));
        assertTrue(budget.admit(T0.plusSeconds(70)));
        assertEquals(1, budget.takeSuppressed(T0.plusSeconds(71)));
    }
}
