package io.stayaway.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stayaway.simulator.device.DeviceScript;
import io.stayaway.simulator.expect.AlertExpectation;
import io.stayaway.simulator.expect.Expectations;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A scripted situation: the order(s) to load through the API (passed on verbatim, as POST
 * /api/orders takes them), the wearables and what happens to them, how long it lasts in scenario
 * seconds, the highest allowed time-scale factor, a default seed, and the alerts it must and must
 * not produce. Waypoints in metres are east/north of {@code origin}. Immutable, thread-safe.
 */
public record Scenario(
        String name,
        String description,
        double duration,
        Double maxSpeed,
        Long seed,
        GeoPoint origin,
        List<JsonNode> orders,
        List<DeviceScript> devices,
        Expectations expect) {
    public Scenario {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("scenario name must be lower-case words joined by '-', got " + name);
        }
        if (!(duration > 0) || duration > 7 * 24 * 3600) {
            throw new IllegalArgumentException(name + ": duration must be within (0, 604800] seconds");
        }
        maxSpeed = maxSpeed == null ? 1.0 : maxSpeed;
        if (!(maxSpeed >= 1)) {
            throw new IllegalArgumentException(name + ": maxSpeed must be >= 1, got " + maxSpeed);
        }
        seed = seed == null ? 1L : seed;
        if (origin == null) {
            throw new IllegalArgumentException(name + ": origin {lat, lon} is required");
        }
        orders = orders == null ? List.of() : List.copyOf(orders);
        if (orders.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one order is required");
        }
        for (JsonNode order : orders) {
            if (!order.isObject() || !order.path("id").isTextual()) {
                throw new IllegalArgumentException(name + ": every order needs a string id");
            }
        }
        devices = devices == null ? List.of() : List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new IllegalArgumentException(name + ": at least one device is required");
        }
        expect = expect == null ? Expectations.none() : expect;
        String firstOrder = orders.get(0).path("id").asText();
        devices = devices.stream()
                .map(d -> d.order() == null ? d.withOrder(firstOrder) : d)
                .toList();
        requireConsistentIds(name, orders, devices, expect);
    }

    private static void requireConsistentIds(
            String name, List<JsonNode> orders, List<DeviceScript> devices, Expectations expect) {
        Set<String> orderIds = orders.stream().map(o -> o.path("id").asText()).collect(Collectors.toSet());
        Set<String> deviceIds = new HashSet<>();
        for (DeviceScript device : devices) {
            if (!deviceIds.add(device.id())) {
                throw new IllegalArgumentException(name + ": device " + device.id() + " is listed twice");
            }
            if (!orderIds.contains(device.order())) {
                throw new IllegalArgumentException(
                        name + ": device " + device.id() + " names unknown order " + device.order());
            }
            JsonNode order = orders.stream()
                    .filter(o -> o.path("id").asText().equals(device.order()))
                    .findFirst()
                    .orElseThrow();
            boolean listed = false;
            for (JsonNode party : order.path("parties")) {
                if (device.id().equals(party.path("deviceId").asText())) {
                    listed = true;
                    if (!device.party().wireName().equals(party.path("role").asText())) {
                        throw new IllegalArgumentException(name + ": device " + device.id() + " is "
                                + device.party().wireName() + " but order " + device.order() + " says "
                                + party.path("role").asText());
                    }
                }
            }
            if (!listed) {
                throw new IllegalArgumentException(
                        name + ": device " + device.id() + " is not a party of order " + device.order());
            }
        }
        for (AlertExpectation expectation : expect.must()) {
            requireKnownOrder(name, orderIds, expectation);
        }
        for (AlertExpectation expectation : expect.mustNot()) {
            requireKnownOrder(name, orderIds, expectation);
        }
    }

    private static void requireKnownOrder(String name, Set<String> orderIds, AlertExpectation expectation) {
        if (expectation.order() != null && !orderIds.contains(expectation.order())) {
            throw new IllegalArgumentException(
                    name + ": expectation " + expectation.describe() + " names unknown order");
        }
    }

    public LocalFrame frame() {
        return new LocalFrame(origin);
    }

    public List<String> orderIds() {
        return orders.stream().map(o -> o.path("id").asText()).toList();
    }

    /**
     * The same scenario with {@code suffix} appended to every order id and device id (in the order
     * bodies too), so repeated runs against one gateway do not collide.
     */
    public Scenario withSuffix(String suffix) {
        if (suffix == null || suffix.isEmpty()) {
            return this;
        }
        Function<String, String> rename = id -> id + suffix;
        Set<String> deviceIds = devices.stream().map(DeviceScript::id).collect(Collectors.toSet());
        List<JsonNode> renamedOrders = orders.stream()
                .map(order -> {
                    ObjectNode copy = order.deepCopy();
                    copy.put("id", rename.apply(order.path("id").asText()));
                    renameDeviceIds(copy, deviceIds, rename);
                    return (JsonNode) copy;
                })
                .toList();
        List<DeviceScript> renamedDevices = devices.stream()
                .map(d -> d.withId(rename.apply(d.id())).withOrder(rename.apply(d.order())))
                .toList();
        Expectations renamedExpect = expect.mapEach(e -> e.order() == null ? e : e.withOrder(rename.apply(e.order())));
        return new Scenario(
                name, description, duration, maxSpeed, seed, origin, renamedOrders, renamedDevices, renamedExpect);
    }

    /** Fields of an order body that name a device: a party's device and a mobile zone's protected device. */
    private static final Set<String> DEVICE_ID_FIELDS = Set.of("deviceId", "protectedDeviceId");

    private static void renameDeviceIds(JsonNode node, Set<String> deviceIds, Function<String, String> rename) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (DEVICE_ID_FIELDS.contains(field.getKey())
                        && field.getValue().isTextual()
                        && deviceIds.contains(field.getValue().asText())) {
                    object.put(field.getKey(), rename.apply(field.getValue().asText()));
                } else {
                    renameDeviceIds(field.getValue(), deviceIds, rename);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> renameDeviceIds(element, deviceIds, rename));
        }
    }

    /**
     * The order bodies to POST at {@code now}: an order without validFrom/validUntil is made valid
     * from a day before now (so fast-forwarded fixes fall inside it) to 30 days after.
     */
    public List<JsonNode> ordersToSubmit(Instant now) {
        return orders.stream()
                .map(order -> {
                    ObjectNode copy = order.deepCopy();
                    if (!copy.has("validFrom")) {
                        copy.put("validFrom", now.minus(Duration.ofDays(1)).toString());
                    }
                    if (!copy.has("validUntil")) {
                        copy.put("validUntil", now.plus(Duration.ofDays(30)).toString());
                    }
                    return (JsonNode) copy;
                })
                .toList();
    }
}
