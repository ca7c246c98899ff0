package io.stayaway.geofence.impl;

import io.stayaway.geofence.Area;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.Corridor;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.InclusionZone;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Polygonal;
import io.stayaway.geofence.Suspension;
import io.stayaway.geofence.Zone;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * An order turned into metric rules once: frame, prepared shapes, warning bands, suspensions and
 * machine slots; immutable and read-only, so one instance may be shared by threads.
 */
final class CompiledOrder {
    /** Chord error allowed when a circle must become a polygon (to subtract a corridor), metres. */
    private static final double CIRCLE_CHORD_ERROR_METRES = 0.05;

    /** A static exclusion zone: BREACH and APPROACH machines plus crossing detection. */
    record StaticRule(
            int index,
            ExclusionZone zone,
            ZoneShape shape,
            PolygonShape corridor,
            double warningMetres,
            LatLonBox box,
            List<Suspension> suspensions,
            int breachSlot,
            int approachSlot,
            int transitSlot) {}

    /** A mobile zone around a protected device: PROXIMITY, APPROACH and PROXIMITY_UNKNOWN machines. */
    record MobileRule(
            int index,
            MobileExclusionZone zone,
            int protectedDevice,
            List<Suspension> suspensions,
            int proximitySlot,
            int approachSlot,
            int unknownSlot) {}

    /** An inclusion zone with its schedule: one CURFEW machine. */
    record InclusionRule(
            int index,
            InclusionZone zone,
            ZoneShape shape,
            LatLonBox box,
            List<Suspension> suspensions,
            int curfewSlot) {}

    private final Order order;
    private final LocalFrame frame;
    private final List<String> devices;
    private final List<StaticRule> staticRules = new ArrayList<>();
    private final List<MobileRule> mobileRules = new ArrayList<>();
    private final List<InclusionRule> inclusionRules = new ArrayList<>();
    private final int machineCount;
    private final int transitCount;

    CompiledOrder(Order order) {
        this.order = order;
        this.devices = new ArrayList<>();
        devices.add(order.respondentDeviceId());
        devices.addAll(order.protectedDeviceIds());
        this.frame = frameFor(order);
        GeometryFactory planarFactory = new GeometryFactory(new PrecisionModel());
        int slot = 0;
        int transit = 0;
        int index = 0;
        for (Zone z : order.zones()) {
            List<Suspension> suspensions = order.suspensions().stream()
                    .filter(s -> s.zoneId().equals(z.id()))
                    .toList();
            if (z instanceof ExclusionZone ez) {
                ZoneShape shape = shapeOf(ez.area(), corridorsOf(ez.id()), planarFactory);
                PolygonShape corridor = corridorShape(ez.id(), planarFactory);
                double warning = ez.warningBufferMetres() != null ? ez.warningBufferMetres() : shape.equivalentRadius();
                staticRules.add(new StaticRule(
                        index, ez, shape, corridor, warning, boxOf(ez.area()), suspensions, slot, slot + 1, transit));
                slot += 2;
                transit++;
            } else if (z instanceof MobileExclusionZone mz) {
                mobileRules.add(new MobileRule(
                        index, mz, devices.indexOf(mz.protectedDeviceId()), suspensions, slot, slot + 1, slot + 2));
                slot += 3;
            } else if (z instanceof InclusionZone iz) {
                ZoneShape shape = shapeOf(iz.area(), List.of(), planarFactory);
                inclusionRules.add(new InclusionRule(index, iz, shape, boxOf(iz.area()), suspensions, slot));
                slot += 1;
            }
            index++;
        }
        this.machineCount = slot;
        this.transitCount = transit;
    }

    Order order() {
        return order;
    }

    List<String> devices() {
        return devices;
    }

    /** Device index: 0 is the respondent, then the protected devices in order; -1 if not a party. */
    int deviceIndex(String deviceId) {
        return devices.indexOf(deviceId);
    }

    List<StaticRule> staticRules() {
        return staticRules;
    }

    List<MobileRule> mobileRules() {
        return mobileRules;
    }

    List<InclusionRule> inclusionRules() {
        return inclusionRules;
    }

    int machineCount() {
        return machineCount;
    }

    int transitCount() {
        return transitCount;
    }

    int zoneCount() {
        return order.zones().size();
    }

    /** The metric frame, or {@code null} when the order has no static geometry. */
    LocalFrame frame() {
        return frame;
    }

    private List<Corridor> corridorsOf(String zoneId) {
        return order.corridors().stream().filter(c -> c.zoneId().equals(zoneId)).toList();
    }

    private PolygonShape corridorShape(String zoneId, GeometryFactory planarFactory) {
        List<Corridor> corridors = corridorsOf(zoneId);
        if (corridors.isEmpty()) {
            return null;
        }
        return new PolygonShape(frame, unionOf(corridors, planarFactory));
    }

    private Geometry unionOf(List<Corridor> corridors, GeometryFactory planarFactory) {
        Geometry union = null;
        for (Corridor c : corridors) {
            Geometry g = toPlane(c.lonLat(), planarFactory);
            union = union == null ? g : union.union(g);
        }
        return union;
    }

    private ZoneShape shapeOf(Area area, List<Corridor> corridors, GeometryFactory planarFactory) {
        if (area instanceof Circle c && corridors.isEmpty()) {
            return new CircleShape(frame, c.lat(), c.lon(), c.radiusMetres());
        }
        Geometry planar = area instanceof Circle c
                ? circumscribedPolygon(c, planarFactory)
                : toPlane(((Polygonal) area).lonLat(), planarFactory);
        if (!corridors.isEmpty()) {
            planar = planar.difference(unionOf(corridors, planarFactory));
        }
        return new PolygonShape(frame, planar);
    }

    /** A regular polygon containing the circle, with chord error below {@link #CIRCLE_CHORD_ERROR_METRES}. */
    private Geometry circumscribedPolygon(Circle c, GeometryFactory planarFactory) {
        CircleShape analytic = new CircleShape(frame, c.lat(), c.lon(), c.radiusMetres());
        double r = analytic.planeRadius();
        int n = (int) Math.min(4096, Math.max(64, Math.ceil(Math.PI / Math.acos(1 - CIRCLE_CHORD_ERROR_METRES / r))));
        double vertexRadius = r / Math.cos(Math.PI / n);
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            ring[i] = new Coordinate(
                    analytic.centreX() + vertexRadius * Math.cos(a), analytic.centreY() + vertexRadius * Math.sin(a));
        }
        ring[n] = ring[0].copy();
        return planarFactory.createPolygon(ring);
    }

    private Geometry toPlane(Geometry lonLat, GeometryFactory planarFactory) {
        return frame.toPlane(lonLat, planarFactory);
    }

    private static LatLonBox boxOf(Area area) {
        if (area instanceof Circle c) {
            return LatLonBox.around(c.lat(), c.lon(), c.radiusMetres());
        }
        return new LatLonBox(((Polygonal) area).lonLat().getEnvelopeInternal());
    }

    private static LocalFrame frameFor(Order order) {
        Envelope all = new Envelope();
        for (Zone z : order.zones()) {
            if (z instanceof ExclusionZone ez) {
                all.expandToInclude(envelopeOf(ez.area()));
            } else if (z instanceof InclusionZone iz) {
                all.expandToInclude(envelopeOf(iz.area()));
            }
        }
        if (all.isNull()) {
            return null;
        }
        return new LocalFrame(all.centre().y, all.centre().x);
    }

    private static Envelope envelopeOf(Area area) {
        if (area instanceof Circle c) {
            return new Envelope(c.lon(), c.lon(), c.lat(), c.lat());
        }
        return ((Polygonal) area).lonLat().getEnvelopeInternal();
    }
}
