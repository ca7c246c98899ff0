package io.stayaway.geofence.impl;

import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EvaluatorSettings;
import io.stayaway.geofence.GeofenceEvent;
import io.stayaway.geofence.Order;
import java.util.Arrays;
import java.util.List;

/**
 * The dwell episodes of an order: one debounce machine ({@link EpisodeMachine}) per (rule, episode kind), in the
 * slots {@link CompiledOrder} assigned, each stepped by observations; mutable, confined to the thread that owns
 * the order's evaluator.
 */
final class DwellEpisodes {
    private final String respondentDeviceId;
    private final MachinePolicy policy;
    private final MachinePolicy unknownPolicy;
    private final EpisodeKey[] keys;
    private MachineState[] machines;

    DwellEpisodes(CompiledOrder compiled, EvaluatorSettings settings) {
        this.respondentDeviceId = compiled.order().respondentDeviceId();
        this.policy = new MachinePolicy(
                settings.confirmFixes(),
                settings.confirmSpan().toMillis(),
                settings.closeFixes(),
                settings.closeDwell().toMillis(),
                settings.updateStepMetres(),
                settings.maxSupportingSeqs());
        // PROXIMITY_UNKNOWN is debounced like every episode: it opens on the second stale observation (a respondent fix
        // or an advanceTo tick after the limit), and closes after the counterpart has been fresh for the close dwell.
        this.unknownPolicy = new MachinePolicy(
                2,
                0,
                settings.closeFixes(),
                settings.closeDwell().toMillis(),
                Double.POSITIVE_INFINITY,
                settings.maxSupportingSeqs());
        this.keys = keysOf(compiled);
        this.machines = new MachineState[compiled.machineCount()];
        Arrays.fill(machines, MachineState.IDLE);
    }

    private static EpisodeKey[] keysOf(CompiledOrder compiled) {
        Order order = compiled.order();
        EpisodeKey[] k = new EpisodeKey[compiled.machineCount()];
        String respondent = order.respondentDeviceId();
        for (CompiledOrder.StaticRule r : compiled.staticRules()) {
            k[r.breachSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.BREACH, respondent, null);
            k[r.approachSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.APPROACH, respondent, null);
        }
        for (CompiledOrder.MobileRule r : compiled.mobileRules()) {
            String counterpart = r.zone().protectedDeviceId();
            k[r.proximitySlot()] =
                    new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.PROXIMITY, respondent, counterpart);
            k[r.approachSlot()] =
                    new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.APPROACH, respondent, counterpart);
            k[r.unknownSlot()] =
                    new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.PROXIMITY_UNKNOWN, respondent, counterpart);
        }
        for (CompiledOrder.InclusionRule r : compiled.inclusionRules()) {
            k[r.curfewSlot()] = new EpisodeKey(order.id(), r.zone().id(), EpisodeKind.CURFEW, respondent, null);
        }
        return k;
    }

    int size() {
        return machines.length;
    }

    MachineState get(int slot) {
        return machines[slot];
    }

    void set(int slot, MachineState state) {
        machines[slot] = state;
    }

    boolean isIdle(int slot) {
        return machines[slot].isIdle();
    }

    boolean isOpen(int slot) {
        return machines[slot].open() != null;
    }

    /** Feeds one observation to the slot's machine; the event it causes, if any, goes to {@code events}. */
    void step(int slot, Observation o, List<GeofenceEvent> events) {
        EpisodeMachine.Step next = EpisodeMachine.step(machines[slot], o, policyOf(slot), keys[slot]);
        machines[slot] = next.state();
        if (next.event() != null) {
            events.add(next.event());
        }
    }

    /**
     * Whether a signal would change the slot's machine: CLEAR to an idle machine does not (the common case on the
     * per-fix path, skipped before its observation and note are even built).
     */
    boolean heeds(int slot, Signal signal) {
        return !(signal == Signal.CLEAR && machines[slot].isIdle());
    }

    /** Completes a close dwell by the passing of server time {@code n}. */
    void closeBySilence(int slot, long n, List<GeofenceEvent> events) {
        EpisodeMachine.Step next = EpisodeMachine.closeBySilence(machines[slot], n, policyOf(slot));
        machines[slot] = next.state();
        if (next.event() != null) {
            events.add(next.event());
        }
    }

    /** The slot's rule stopped applying at server time {@code n}: closes its episode and drops any pending run. */
    void end(int slot, long n, String why, List<GeofenceEvent> events) {
        if (machines[slot].isIdle()) {
            return;
        }
        step(
                slot,
                new Observation(
                        Signal.END,
                        true,
                        n,
                        -1,
                        respondentDeviceId,
                        -1,
                        Observation.NO_FIX,
                        Double.NaN,
                        0,
                        Double.NaN,
                        () -> why),
                events);
    }

    void endAll(long n, String why, List<GeofenceEvent> events) {
        for (int slot = 0; slot < machines.length; slot++) {
            end(slot, n, why, events);
        }
    }

    /** A warning that has not opened by the time the breach itself is confirmed is superseded by the breach. */
    void dropPendingRun(int approachSlot, boolean breachOpen) {
        MachineState m = machines[approachSlot];
        if (breachOpen && m.open() == null && m.run() != null) {
            machines[approachSlot] = MachineState.IDLE;
        }
    }

    /**
     * Whether a rule that would put the devices in pursuit has plausible supporting observations not yet enough to open
     * an episode (PROXIMITY_UNKNOWN is not such a rule).
     */
    boolean suspects() {
        for (int slot = 0; slot < machines.length; slot++) {
            MachineState.Run run = machines[slot].run();
            if (run != null
                    && machines[slot].open() == null
                    && run.plausibleCount() > 0
                    && keys[slot].kind() != EpisodeKind.PROXIMITY_UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    private MachinePolicy policyOf(int slot) {
        return keys[slot].kind() == EpisodeKind.PROXIMITY_UNKNOWN ? unknownPolicy : policy;
    }

    MachineState[] copy() {
        return machines.clone();
    }

    void restore(MachineState[] saved) {
        machines = saved.clone();
    }
}
