package io.stayaway.simulator.device;

/** Checks shared by scripted windows: [from, to) in scenario seconds. Immutable, thread-safe. */
final class TimeWindow {
    private TimeWindow() {}

    static void requireOrdered(String what, double from, double to) {
        if (!(from >= 0) || !(to > from)) {
            throw new IllegalArgumentException(what + " needs 0 <= from < to, got from=" + from + " to=" + to);
        }
    }
}
