package io.stayaway.gateway.downlink;

import io.stayaway.gateway.orders.OrderDocument;
import io.stayaway.gateway.orders.Party;
import io.stayaway.geofence.EpisodeClosed;
import io.stayaway.geofence.EpisodeKind;
import io.stayaway.geofence.EpisodeOpened;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.GeofenceEvent;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Pursuit mode (vendor practice: a fix every 15 s while a rule is violated, every 60 s otherwise):
 * when a warning or breach episode opens, both parties' devices are switched to the fast interval,
 * and back when the order's last such episode closes. Pursuit also starts on suspicion: as soon as a
 * rule has a first supporting fix that is not yet enough to open its episode
 * ({@link io.stayaway.geofence.OrderEvaluator#suspects()}), so the next fixes confirm or clear it within
 * seconds. At a fix a minute a pass through a warning band of 70-90 s has a single fix there, which can
 * never open an episode, and a breach would wait a minute for its second fix; asking for the next fixes
 * at once catches the pass, halves the time to a confirmed breach, and takes three fixes rather than
 * two to confirm, so two consecutive multipath fixes no longer suffice for a false breach. A device already reporting at least that often
 * is left alone (pursuit must never slow a device down), and only devices it switched are switched
 * back. The respondent is also told, on his device, to move away when he approaches a fixed zone
 * (never a mobile one: that would reveal the protected person's whereabouts). A device in pursuit for
 * two orders goes back only when neither is in pursuit. Each order's part ({@link State}) is saved and
 * restored with the order's evaluator state, so devices switched before a restart are switched back
 * after it. Confined to the evaluator thread.
 */
public final class PursuitMode {
    public static final int PURSUIT_SECONDS = 15;
    public static final int NORMAL_SECONDS = 60;

    /**
     * What keeps an order in pursuit while its evaluator {@linkplain io.stayaway.geofence.OrderEvaluator#suspects()
     * suspects} a rule: held in the order's {@link State#openEpisodes()} alongside episode ids, which never equal it.
     */
    public static final String SUSPICION = "suspicion";

    /**
     * One order's part: its open episodes that keep its devices in pursuit ({@link #SUSPICION} among them while the
     * order is in pursuit on suspicion), and the devices in pursuit on its account (switched by it, or already switched
     * by another order when it entered pursuit).
     */
    public record State(Set<String> openEpisodes, Set<String> switchedDevices) {
        public State {
            openEpisodes = Set.copyOf(openEpisodes);
            switchedDevices = Set.copyOf(switchedDevices);
        }
    }

    private final Downlink downlink;
    private final Function<String, OptionalDouble> observedInterval;
    private final Map<String, Set<String>> openEpisodesByOrder = new HashMap<>();
    private final Map<String, Set<String>> switchedByOrder = new HashMap<>();

    /** @param observedInterval a device's current reporting interval in seconds, as observed, if known */
    public PursuitMode(Downlink downlink, Function<String, OptionalDouble> observedInterval) {
        this.downlink = downlink;
        this.observedInterval = observedInterval;
    }

    /** The order's part, to be saved with its evaluator state. */
    public State state(String orderId) {
        return new State(
                openEpisodesByOrder.getOrDefault(orderId, Set.of()), switchedByOrder.getOrDefault(orderId, Set.of()));
    }

    /** Takes back the order's part as saved with the evaluator state being restored. */
    public void restore(String orderId, State state) {
        openEpisodesByOrder.put(orderId, new HashSet<>(state.openEpisodes()));
        switchedByOrder.put(orderId, new HashSet<>(state.switchedDevices()));
    }

    /** Drops a terminated order's part (after its last episodes closed). */
    public void forget(String orderId) {
        openEpisodesByOrder.remove(orderId);
        switchedByOrder.remove(orderId);
    }

    public void on(OrderDocument doc, GeofenceEvent event) {
        on(doc, event, false);
    }

    /**
     * As {@link #on(OrderDocument, GeofenceEvent)}; {@code oldNews} (the same evaluation also closed the episode:
     * a backlog showed him approach and leave) withholds the respondent's approach warning: he has left, and a
     * warning then would be wrong and would teach him to ignore the next one.
     */
    public void on(OrderDocument doc, GeofenceEvent event, boolean oldNews) {
        if (event.episode().kind() == EpisodeKind.PROXIMITY_UNKNOWN) {
            return;
        }
        String orderId = doc.order().id();
        Set<String> open = openEpisodesByOrder.computeIfAbsent(orderId, k -> new HashSet<>());
        if (event instanceof EpisodeOpened) {
            boolean first = open.isEmpty();
            open.add(event.episode().id());
            if (first) {
                enterPursuit(doc);
            }
            if (event.episode().kind() == EpisodeKind.APPROACH
                    && !oldNews
                    && isStaticZone(doc, event.episode().zoneId())) {
                warnRespondent(doc);
            }
        } else if (event instanceof EpisodeClosed) {
            if (open.remove(event.episode().id()) && open.isEmpty()) {
                leavePursuit(doc);
            }
        }
    }

    /**
     * Follows the order's evaluator after a fix or a tick: enters pursuit when it suspects a rule, and leaves it when
     * the suspicion cleared without an episode opening (an episode that opened keeps the order in pursuit on its own).
     *
     * @return whether the order's part changed (to be saved)
     */
    public boolean onSuspicion(OrderDocument doc, boolean suspects) {
        String orderId = doc.order().id();
        Set<String> open = openEpisodesByOrder.computeIfAbsent(orderId, k -> new HashSet<>());
        if (suspects == open.contains(SUSPICION)) {
            return false;
        }
        if (suspects) {
            boolean first = open.isEmpty();
            open.add(SUSPICION);
            if (first) {
                enterPursuit(doc);
            }
        } else if (open.remove(SUSPICION) && open.isEmpty()) {
            leavePursuit(doc);
        }
        return true;
    }

    /**
     * Only a fixed zone may be announced to the respondent: warning him near a mobile zone would
     * tell him the protected person is within the warning distance, i.e. disclose where she is.
     */
    private static boolean isStaticZone(OrderDocument doc, String zoneId) {
        return doc.order().zones().stream().anyMatch(z -> z.id().equals(zoneId) && z instanceof ExclusionZone);
    }

    private void enterPursuit(OrderDocument doc) {
        Set<String> switched = switchedByOrder.computeIfAbsent(doc.order().id(), k -> new HashSet<>());
        for (Party p : doc.parties()) {
            if (inPursuit(p.deviceId())) {
                switched.add(p.deviceId()); // switched by another order: this one keeps it fast too
                continue;
            }
            OptionalDouble current = observedInterval.apply(p.deviceId());
            // 1 s of slack: a device at 15 s reports at 14.x-15.x s as observed.
            if (current.isEmpty() || current.getAsDouble() > PURSUIT_SECONDS + 1) {
                setInterval(p.deviceId(), PURSUIT_SECONDS);
                switched.add(p.deviceId());
            }
        }
    }

    private void leavePursuit(OrderDocument doc) {
        Set<String> switched = switchedByOrder.getOrDefault(doc.order().id(), new HashSet<>());
        for (String deviceId : List.copyOf(switched)) {
            switched.remove(deviceId);
            if (!inPursuit(deviceId)) {
                setInterval(deviceId, NORMAL_SECONDS);
            }
        }
    }

    /** Whether some order keeps the device in pursuit. */
    private boolean inPursuit(String deviceId) {
        return switchedByOrder.values().stream().anyMatch(devices -> devices.contains(deviceId));
    }

    private void setInterval(String deviceId, int seconds) {
        downlink.send(
                deviceId,
                new JsonObject()
                        .put("id", UUID.randomUUID().toString())
                        .put("type", "set_interval")
                        .put("seconds", seconds)
                        .encode());
    }

    private void warnRespondent(OrderDocument doc) {
        Party respondent = doc.respondent();
        boolean chinese = "zh".equals(respondent.language().getLanguage());
        String text = chinese
                ? "您正在接近保护令禁止的区域。请立即离开。"
                : "You are approaching an area the protection order forbids. Leave now.";
        downlink.send(
                respondent.deviceId(),
                new JsonObject()
                        .put("id", UUID.randomUUID().toString())
                        .put("type", "notify")
                        .put("level", "warning")
                        .put("text", text)
                        .encode());
    }
}
