package io.stayaway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The workflow table, pair by pair: every move an officer may make and every one refused. */
class AlertLifecycleTest {
    private record Move(AlertState from, AlertState to) {}

    private static final Set<Move> ALLOWED = Set.of(
            new Move(AlertState.OPEN, AlertState.ACKNOWLEDGED),
            new Move(AlertState.NOTIFIED, AlertState.ACKNOWLEDGED),
            new Move(AlertState.ACKNOWLEDGED, AlertState.DISPATCHED),
            new Move(AlertState.ACKNOWLEDGED, AlertState.RESOLVED),
            new Move(AlertState.DISPATCHED, AlertState.RESOLVED));

    static Stream<Arguments> everyPair() {
        List<Arguments> out = new ArrayList<>();
        for (AlertState from : AlertState.values()) {
            for (AlertState to : AlertState.values()) {
                out.add(Arguments.of(from, to, ALLOWED.contains(new Move(from, to))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed={2}")
    @MethodSource("everyPair")
    void officerMovesFollowTheTable(AlertState from, AlertState to, boolean allowed) {
        assertEquals(allowed, AlertLifecycle.officerMayMove(from, to));
    }

    @ParameterizedTest(name = "{0} awaits acknowledgement")
    @MethodSource("states")
    void onlyOpenAndNotifiedAwaitAcknowledgement(AlertState state) {
        assertEquals(
                state == AlertState.OPEN || state == AlertState.NOTIFIED, AlertLifecycle.awaitsAcknowledgement(state));
    }

    static Stream<AlertState> states() {
        return Stream.of(AlertState.values());
    }
}
