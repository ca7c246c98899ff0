package io.stayaway.simulator.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stayaway.simulator.geo.GeoPoint;
import io.stayaway.simulator.geo.LocalFrame;
import io.stayaway.simulator.geo.LocalPoint;
import java.util.SplittableRandom;

/**
 * Where a load run's devices stand and which orders bind them: devices come in pairs, the even
 * one a respondent and the odd one the protected person at her home, one order per pair with a
 * 500 m home zone and a 500 m mobile zone. Most respondents stay 2.5 km from the home; one pair in
 * 25 sits in the warning band and one in 100 inside the zone, so the gateway evaluates a realistic
 * mix. Immutable after construction, thread-safe.
 */
final class LoadLayout {
    static final double SPREAD_METRES = 20_000;
    static final double ZONE_RADIUS = 500;

    private final LoadPlan plan;
    private final LocalFrame frame;
    private final LocalPoint[] homes;
    private final double[] east;
    private final double[] north;
    private final String orderPrefix;

    LoadLayout(LoadPlan plan) {
        this.plan = plan;
        this.frame = new LocalFrame(plan.centre());
        int pairs = (plan.devices() + 1) / 2;
        this.homes = new LocalPoint[pairs];
        this.east = new double[plan.devices()];
        this.north = new double[plan.devices()];
        this.orderPrefix = "LOAD-" + plan.idPrefix().replaceAll("[^A-Za-z0-9]+$", "");
        SplittableRandom random = new SplittableRandom(plan.seed());
        for (int pair = 0; pair < pairs; pair++) {
            homes[pair] = new LocalPoint(
                    (random.nextDouble() - 0.5) * SPREAD_METRES, (random.nextDouble() - 0.5) * SPREAD_METRES);
            double bearing = random.nextDouble() * 2 * Math.PI;
            double distance = respondentDistance(pair);
            place(2 * pair, homes[pair].plus(distance * Math.sin(bearing), distance * Math.cos(bearing)));
            if (2 * pair + 1 < plan.devices()) {
                place(2 * pair + 1, homes[pair].plus(30, 20));
            }
        }
    }

    private static double respondentDistance(int pair) {
        if (pair % 100 == 0) {
            return 200;
        }
        return pair % 25 == 1 ? ZONE_RADIUS + 250 : 2_500;
    }

    private void place(int device, LocalPoint point) {
        east[device] = point.east();
        north[device] = point.north();
    }

    int orders() {
        return plan.devices() / 2;
    }

    String orderId(int pair) {
        return orderPrefix + "-" + pair;
    }

    /** The true position of a device at a given ping: a slow 25 m circle around its spot. */
    GeoPoint position(int device, long seq, double noiseEast, double noiseNorth) {
        double phase = (seq % 360) * Math.PI / 180;
        return frame.toGeo(new LocalPoint(
                east[device] + 25 * Math.cos(phase) + noiseEast, north[device] + 25 * Math.sin(phase) + noiseNorth));
    }

    ObjectNode order(ObjectMapper json, int pair, String validFrom, String validUntil) {
        GeoPoint home = frame.toGeo(homes[pair]);
        ObjectNode order = json.createObjectNode();
        order.put("id", orderId(pair));
        order.put("court", "Load test court (simulation)");
        order.put("timeZone", "Asia/Shanghai");
        order.put("validFrom", validFrom);
        order.put("validUntil", validUntil);
        ArrayNode parties = order.putArray("parties");
        party(parties, "respondent", plan.deviceId(2 * pair), pair, 1);
        party(parties, "protected", plan.deviceId(2 * pair + 1), pair, 2);
        ArrayNode zones = order.putArray("zones");
        ObjectNode homeZone = zones.addObject();
        homeZone.put("id", "home");
        homeZone.put("type", "exclusion");
        ObjectNode circle = homeZone.putObject("circle");
        circle.put("lat", home.lat());
        circle.put("lon", home.lon());
        circle.put("radius", ZONE_RADIUS);
        homeZone.put("warningBuffer", ZONE_RADIUS);
        ObjectNode person = zones.addObject();
        person.put("id", "person");
        person.put("type", "mobile");
        person.put("protectedDeviceId", plan.deviceId(2 * pair + 1));
        person.put("minDistance", ZONE_RADIUS);
        person.put("warningDistance", 2 * ZONE_RADIUS);
        ObjectNode desk = order.putObject("dutyDesk");
        desk.put("station", "Load test duty desk");
        desk.putArray("phones").add("+8621000000110");
        desk.put("language", "zh-CN");
        return order;
    }

    private static void party(ArrayNode parties, String role, String deviceId, int pair, int which) {
        ObjectNode party = parties.addObject();
        party.put("role", role);
        party.put("deviceId", deviceId);
        party.put("name", "Load " + role + " " + pair);
        party.put("phone", String.format("+86139%08d", (pair * 2L + which) % 100_000_000L));
        party.put("language", "zh-CN");
    }
}
