package io.stayaway.simulator.device;

import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.gnss.Environment;
import io.stayaway.simulator.motion.Route;
import java.util.Comparator;
import java.util.List;

/**
 * Everything a scenario says about one wearable: who wears it, its reporting interval, where it
 * goes, where positioning is poor, when it is offline, which events happen and which fixes are
 * scripted outliers. {@code order} names the order the device belongs to (default: the first).
 * Immutable, thread-safe.
 */
public record DeviceScript(
        String id,
        Party party,
        String order,
        String password,
        Double interval,
        Double start,
        Environment environment,
        BatteryPlan battery,
        List<RouteStep> route,
        List<EnvironmentWindow> environments,
        List<OfflineWindow> offline,
        List<ScriptedEvent> events,
        List<Glitch> glitches) {
    public DeviceScript {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("device id is required");
        }
        if (party == null) {
            throw new IllegalArgumentException("device " + id + ": party (respondent|protected) is required");
        }
        interval = interval == null ? 5.0 : interval;
        if (!(interval >= 0.1) || interval > 3600) {
            throw new IllegalArgumentException(
                    "device " + id + ": interval must be within 0.1..3600 s, got " + interval);
        }
        start = start == null ? 0.0 : start;
        if (!(start >= 0)) {
            throw new IllegalArgumentException("device " + id + ": start must be >= 0 s");
        }
        environment = environment == null ? Environment.OUTDOOR : environment;
        battery = battery == null ? BatteryPlan.DEFAULT : battery;
        route = route == null ? List.of() : List.copyOf(route);
        if (route.isEmpty() || route.get(0).isPause()) {
            throw new IllegalArgumentException("device " + id + ": route must start with a waypoint");
        }
        environments = environments == null ? List.of() : List.copyOf(environments);
        offline = offline == null ? List.of() : List.copyOf(offline);
        events = events == null
                ? List.of()
                : events.stream()
                        .sorted(Comparator.comparingDouble(ScriptedEvent::at))
                        .toList();
        glitches = glitches == null
                ? List.of()
                : glitches.stream()
                        .sorted(Comparator.comparingDouble(Glitch::at))
                        .toList();
    }

    public Route route(LocalFrame frame) {
        Route.Builder builder = Route.startingAt(route.get(0).point(frame));
        for (RouteStep step : route.subList(1, route.size())) {
            if (step.isPause()) {
                builder.pause(step.pause());
            } else {
                builder.moveTo(step.point(frame), step.metresPerSecond());
            }
        }
        return builder.build();
    }

    public DeviceScript withId(String newId) {
        return new DeviceScript(
                newId,
                party,
                order,
                password,
                interval,
                start,
                environment,
                battery,
                route,
                environments,
                offline,
                events,
                glitches);
    }

    public DeviceScript withOrder(String newOrder) {
        return new DeviceScript(
                id,
                party,
                newOrder,
                password,
                interval,
                start,
                environment,
                battery,
                route,
                environments,
                offline,
                events,
                glitches);
    }
}
