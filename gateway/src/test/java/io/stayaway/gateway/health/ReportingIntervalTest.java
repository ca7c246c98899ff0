package io.stayaway.gateway.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReportingIntervalTest {
    @Test
    void unknownBeforeTheFirstGapThenThatGap() {
        ReportingInterval interval = new ReportingInterval();
        assertTrue(interval.seconds().isEmpty());

        interval.gap(30);

        assertEquals(30, interval.seconds().getAsDouble());
    }

    /** An exponential average of these gaps was 57 s, and pursuit mode switched this 5 s device to 15 s. */
    @Test
    void anOutageBeforeALateBurstIsNotTakenForASlowDevice() {
        ReportingInterval interval = new ReportingInterval();
        for (double gap : new double[] {5, 5, 5, 5, 180}) {
            interval.gap(gap);
        }

        assertEquals(5, interval.seconds().getAsDouble());
    }

    @Test
    void aDeviceSwitchedToAnotherIntervalShowsItAfterThreeFixes() {
        ReportingInterval interval = new ReportingInterval();
        for (double gap : new double[] {5, 5, 5, 5, 5, 60, 60}) {
            interval.gap(gap);
        }
        assertEquals(5, interval.seconds().getAsDouble());

        interval.gap(60);

        assertEquals(60, interval.seconds().getAsDouble());
    }
}
