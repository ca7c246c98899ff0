package io.stayaway.alerts.evidence.assembly;

import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.alerts.evidence.CourtOrder.Party;
import io.stayaway.alerts.evidence.CourtOrder.Role;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.GroundDistance;
import io.stayaway.geofence.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a bundle shows of an episode, gathered while its chains are written: both parties' fixes and
 * events in the window, and from them the distance timeline and the
 * device health. Only data from storage goes in, so the outputs are deterministic.
 */
final class EpisodeData {
    /** Silence longer than this between two records of a device is reported as a gap. */
    static final Duration GAP = Duration.ofMinutes(2);
    /** A protected person's fix this close in time to a respondent's fix is paired with it for the distance. */
    static final Duration PAIRING = Duration.ofSeconds(60);

    final CourtOrder order;
    final Instant from;
    final Instant to;
    final Map<Role, List<Fix>> tracks = new LinkedHashMap<>();
    final Map<Role, List<Event>> events = new LinkedHashMap<>();
    final Map<Role, Integer> removed = new LinkedHashMap<>();
    final List<Role> silent = new ArrayList<>();

    record Fix(Instant ts, Instant receivedAt, double lat, double lon, double acc, Integer battery) {}

    record Event(Instant ts, String type, Double lat, Double lon) {}

    /** A stretch longer than {@link #GAP} without a record. */
    record Gap(Instant from, Instant to) {}

    /** A battery level reported by a fix, kept when it differs from the previous one. */
    record BatteryChange(Instant at, int percent) {}

    /**
     * One device's health in the window: its fixes in time order, the gaps between them, its battery
     * changes, and the median and worst accuracy of its fixes (null without fixes).
     */
    record Health(
            List<Fix> fixes, List<Gap> gaps, List<BatteryChange> battery, Double accuracyMedian, Double accuracyMax) {}

    /** One row of the timeline: a respondent fix and how far it was from the protected person and each zone. */
    record Point(Fix respondent, Double toProtected, Map<String, Double> toZones) {}

    EpisodeData(CourtOrder order, Instant from, Instant to) {
        this.order = order;
        this.from = from;
        this.to = to;
        for (Party p : order.parties()) {
            tracks.putIfAbsent(p.role(), new ArrayList<>());
            events.putIfAbsent(p.role(), new ArrayList<>());
            removed.putIfAbsent(p.role(), 0);
        }
    }

    void noRecords(Party party) {
        silent.add(party.role());
    }

    void telemetry(Party party, ChainRows.Row row) {
        if (row.removed()) {
            removed.merge(party.role(), 1, Integer::sum);
            return;
        }
        if (row.ts().isBefore(from) || row.ts().isAfter(to)) {
            return;
        }
        if (row.kind().equals("ping") && row.lat() != null) {
            tracks.get(party.role())
                    .add(new Fix(row.ts(), row.receivedAt(), row.lat(), row.lon(), row.acc(), row.battery()));
        } else if (row.kind().equals("event")) {
            events.get(party.role()).add(new Event(row.ts(), row.eventType(), row.lat(), row.lon()));
        }
    }

    List<Fix> sorted(Role role) {
        List<Fix> fixes = new ArrayList<>(tracks.getOrDefault(role, List.of()));
        fixes.sort((a, b) -> a.ts().compareTo(b.ts()));
        return fixes;
    }

    List<Point> timeline() {
        List<Fix> protectedFixes = sorted(Role.PROTECTED);
        List<Point> points = new ArrayList<>();
        int j = 0;
        for (Fix r : sorted(Role.RESPONDENT)) {
            while (j + 1 < protectedFixes.size()
                    && !protectedFixes.get(j + 1).ts().isAfter(r.ts())) {
                j++;
            }
            Double toProtected = null;
            Fix best = null;
            for (int k = Math.max(0, j - 1); k <= Math.min(protectedFixes.size() - 1, j + 1); k++) {
                Fix p = protectedFixes.get(k);
                if (Duration.between(p.ts(), r.ts()).abs().compareTo(PAIRING) <= 0
                        && (best == null
                                || Duration.between(p.ts(), r.ts())
                                                .abs()
                                                .compareTo(Duration.between(best.ts(), r.ts())
                                                        .abs())
                                        < 0)) {
                    best = p;
                }
            }
            if (best != null) {
                toProtected = GroundDistance.between(r.lat(), r.lon(), best.lat(), best.lon());
            }
            Map<String, Double> toZones = new LinkedHashMap<>();
            for (Zone z : order.zones()) {
                if (z instanceof ExclusionZone e) {
                    toZones.put(e.id(), GroundDistance.toEdge(e.area(), r.lat(), r.lon()));
                }
            }
            points.add(new Point(r, toProtected, toZones));
        }
        return points;
    }

    String timelineCsv(List<Point> timeline) {
        List<String> zoneIds = new ArrayList<>();
        for (Zone z : order.zones()) {
            if (z instanceof ExclusionZone e) {
                zoneIds.add(e.id());
            }
        }
        StringBuilder csv = new StringBuilder("time,respondent_lat,respondent_lon,accuracy_m,distance_to_protected_m");
        for (String id : zoneIds) {
            csv.append(",distance_to_zone_")
                    .append(id.replaceAll("[^A-Za-z0-9_-]", "_"))
                    .append("_m");
        }
        csv.append('\n');
        for (Point p : timeline) {
            csv.append(p.respondent().ts())
                    .append(',')
                    .append(num(p.respondent().lat(), 7))
                    .append(',')
                    .append(num(p.respondent().lon(), 7))
                    .append(',')
                    .append(num(p.respondent().acc(), 1))
                    .append(',')
                    .append(p.toProtected() == null ? "" : num(p.toProtected(), 1));
            for (String id : zoneIds) {
                csv.append(',').append(num(p.toZones().get(id), 1));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    JsonObject tracksGeoJson() {
        JsonArray features = new JsonArray();
        for (Party p : order.parties()) {
            JsonArray line = new JsonArray();
            JsonArray times = new JsonArray();
            for (Fix f : sorted(p.role())) {
                line.add(new JsonArray().add(f.lon()).add(f.lat()));
                times.add(f.ts().toString());
            }
            features.add(new JsonObject()
                    .put("type", "Feature")
                    .put(
                            "geometry",
                            line.isEmpty()
                                    ? null
                                    : new JsonObject().put("type", "LineString").put("coordinates", line))
                    .put(
                            "properties",
                            new JsonObject()
                                    .put("role", p.role().wireName())
                                    .put("deviceId", p.deviceId())
                                    .put("times", times)));
        }
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }

    Health health(Role role) {
        List<Fix> fixes = sorted(role);
        List<Gap> gaps = new ArrayList<>();
        List<BatteryChange> battery = new ArrayList<>();
        Instant previous = null;
        Integer lastBattery = null;
        for (Fix f : fixes) {
            if (previous != null && Duration.between(previous, f.ts()).compareTo(GAP) > 0) {
                gaps.add(new Gap(previous, f.ts()));
            }
            previous = f.ts();
            if (f.battery() != null && !f.battery().equals(lastBattery)) {
                battery.add(new BatteryChange(f.ts(), f.battery()));
                lastBattery = f.battery();
            }
        }
        List<Double> acc = fixes.stream().map(Fix::acc).sorted().toList();
        return new Health(
                fixes,
                gaps,
                battery,
                acc.isEmpty() ? null : acc.get(acc.size() / 2),
                acc.isEmpty() ? null : acc.get(acc.size() - 1));
    }

    JsonObject healthJson() {
        JsonArray devices = new JsonArray();
        for (Party p : order.parties()) {
            Health h = health(p.role());
            JsonArray gaps = new JsonArray();
            h.gaps()
                    .forEach(g -> gaps.add(new JsonObject()
                            .put("from", g.from().toString())
                            .put("to", g.to().toString())
                            .put("seconds", Duration.between(g.from(), g.to()).toSeconds())));
            JsonArray battery = new JsonArray();
            h.battery()
                    .forEach(b -> battery.add(
                            new JsonObject().put("at", b.at().toString()).put("percent", b.percent())));
            JsonArray ev = new JsonArray();
            events.get(p.role())
                    .forEach(e ->
                            ev.add(new JsonObject().put("at", e.ts().toString()).put("type", e.type())));
            devices.add(new JsonObject()
                    .put("role", p.role().wireName())
                    .put("deviceId", p.deviceId())
                    .put("fixes", h.fixes().size())
                    .put("recordsRemovedByRetention", removed.get(p.role()))
                    .put("noRecordsInWindow", silent.contains(p.role()))
                    .put("accuracyMedianMetres", h.accuracyMedian())
                    .put("accuracyMaxMetres", h.accuracyMax())
                    .put("battery", battery)
                    .put("events", ev)
                    .put("gapsLongerThanSeconds", GAP.toSeconds())
                    .put("gaps", gaps));
        }
        return new JsonObject()
                .put("window", new JsonObject().put("from", from.toString()).put("to", to.toString()))
                .put("devices", devices);
    }

    static String num(Double v, int decimals) {
        return v == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
