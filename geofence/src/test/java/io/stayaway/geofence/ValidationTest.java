package io.stayaway.geofence;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input fails fast and says what is wrong. */
class ValidationTest {
    @Test
    void snapshotOfAnotherOrdersRulesIsRefused() {
        OrderEvaluator evaluator = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults());
        Order other =
                Orders.withZones(List.of(new ExclusionZone("work", new Circle(Ground.LAT, Ground.LON, 300), null)));

        SnapshotFormatException e = assertThrows(
                SnapshotFormatException.class,
                () -> OrderEvaluator.restore(other, EvaluatorSettings.defaults(), evaluator.snapshot()));
        assertTrue(e.getMessage().contains("work"), e.getMessage());
    }

    @Test
    void truncatedSnapshotIsRefused() {
        byte[] snapshot = OrderEvaluator.create(Orders.homeCircle(), EvaluatorSettings.defaults())
                .snapshot();
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 3);
        assertThrows(
                SnapshotFormatException.class,
                () -> OrderEvaluator.restore(Orders.homeCircle(), EvaluatorSettings.defaults(), truncated));
    }

    @Test
    void badSettingNamesTheKnob() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EvaluatorSettings.defaults().withConfirmation(0, Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("confirmFixes"), e.getMessage());
    }

    @Test
    void pingWithLatitude95OrNaNIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Ping("d", 1, Instant.EPOCH, 95, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Ping("d", 1, Instant.EPOCH, Double.NaN, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new Ping("d", 1, Instant.EPOCH, 0, 0, 0));
    }

    @Test
    void mobileZoneMustFollowAProtectedDeviceOfTheOrder() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Orders.withZones(List.of(new MobileExclusionZone("v", "nobody", 500, 1000))));
        assertTrue(e.getMessage().contains("nobody"));
    }
}
