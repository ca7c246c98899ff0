package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a court needs to know of an order, and no more: its identity, validity, court and station, the
 * parties by role with their device ids (no names, no phone numbers), and the zones as GeoJSON (as the
 * order states them).
 */
final class OrderSummary {
    private static final int CIRCLE_VERTICES = 72;

    private OrderSummary() {}

    static JsonObject of(CourtOrder order) {
        JsonArray parties = new JsonArray();
        for (Party p : order.parties()) {
            parties.add(new JsonObject().put("role", p.role().wireName()).put("deviceId", p.deviceId()));
        }
        return new JsonObject()
                .put("orderId", order.id())
                .put("court", order.court())
                .put("station", order.station())
                .put("timeZone", order.timeZone().getId())
                .put("validFrom", order.validFrom().toString())
                .put("validUntil", order.validUntil().toString())
                .put("parties", parties)
                .put("zones", zones(order))
                .put(
                        "note",
                        "personal data minimised: parties are named by role and device; contacts are not included");
    }

    /** The zones as a GeoJSON FeatureCollection; circles as polygons of 72 vertices, with centre and radius kept as properties. */
    static JsonObject zones(CourtOrder order) {
        JsonArray features = new JsonArray();
        for (Object o : order.statedZones()) {
            JsonObject z = (JsonObject) o;
            JsonObject props = new JsonObject().put("id", z.getString("id")).put("type", z.getString("type"));
            JsonObject geometry = null;
            JsonObject circle = z.getJsonObject("circle");
            if (circle != null) {
                geometry = circlePolygon(circle.getDouble("lat"), circle.getDouble("lon"), circle.getDouble("radius"));
                props.put("centre", new JsonArray().add(circle.getDouble("lon")).add(circle.getDouble("lat")))
                        .put("radiusMetres", circle.getDouble("radius"));
            } else if (z.getJsonObject("geometry") != null) {
                geometry = z.getJsonObject("geometry");
            }
            for (String k : new String[] {"warningBuffer", "protectedDeviceId", "minDistance", "warningDistance"}) {
                if (z.containsKey(k)) {
                    props.put(k.equals("warningBuffer") ? "warningBufferMetres" : k, z.getValue(k));
                }
            }
            if (z.containsKey("schedule")) {
                props.put("schedule", z.getValue("schedule"));
            }
            features.add(new JsonObject()
                    .put("type", "Feature")
                    .put("geometry", geometry)
                    .put("properties", props));
        }
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }

    private static JsonObject circlePolygon(double lat, double lon, double radius) {
        JsonArray ring = new JsonArray();
        double dLat = Math.toDegrees(radius / 6_371_008.8);
        double dLon = dLat / Math.cos(Math.toRadians(lat));
        for (int i = 0; i <= CIRCLE_VERTICES; i++) {
            double a = 2 * Math.PI * (i % CIRCLE_VERTICES) / CIRCLE_VERTICES;
            ring.add(new JsonArray().add(round(lon + dLon * Math.sin(a))).add(round(lat + dLat * Math.cos(a))));
        }
        return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(ring));
    }

    private static double round(double v) {
        return Math.round(v * 1e7) / 1e7;
    }
}
