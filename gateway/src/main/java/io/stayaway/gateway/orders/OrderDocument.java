package io.stayaway.gateway.orders;

import io.stayaway.alerts.OrderContacts;
import io.stayaway.alerts.Recipient;
import io.stayaway.alerts.Recipient.RecipientRole;
import io.stayaway.alerts.checkin.CheckInSchedule;
import io.stayaway.alerts.evidence.CourtOrder;
import io.stayaway.geofence.Area;
import io.stayaway.geofence.Circle;
import io.stayaway.geofence.Corridor;
import io.stayaway.geofence.ExclusionZone;
import io.stayaway.geofence.InclusionZone;
import io.stayaway.geofence.MobileExclusionZone;
import io.stayaway.geofence.Order;
import io.stayaway.geofence.Polygonal;
import io.stayaway.geofence.Suspension;
import io.stayaway.geofence.WeeklySchedule;
import io.stayaway.geofence.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * An order as the API accepts it (docs/http-api.md, "Orders"): the geofence rules, the parties and
 * their devices, and who is notified. Parsing validates every field and names the one at fault.
 * Immutable.
 */
public record OrderDocument(Order order, List<Party> parties, OrderContacts contacts, JsonObject body) {
    private static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    /** A mobile zone's bounds in metres, as {@link MobileExclusionZone} enforces them. */
    private static final double MAX_MOBILE_MIN_DISTANCE = 100_000;

    private static final double MAX_MOBILE_WARNING_DISTANCE = 200_000;

    public Party respondent() {
        return parties.stream()
                .filter(p -> p.role() == Party.Role.RESPONDENT)
                .findFirst()
                .orElseThrow();
    }

    public Optional<Party> partyOf(String deviceId) {
        return parties.stream().filter(p -> p.deviceId().equals(deviceId)).findFirst();
    }

    /**
     * The caseworker organisation the order is assigned to (docs/http-api.md, "Orders"), if any: its
     * caseworkers read the order's summary and record follow-up contacts. Amendable.
     */
    public Optional<String> organisation() {
        return Optional.ofNullable(body.getString("organisation"));
    }

    /** The protected person's safety check-in schedule: the optional {@code checkIns} field; absent = weekly. */
    public CheckInSchedule checkIns() {
        return CheckInField.parse(body);
    }

    /** What evidence needs of this order: no names, no phone numbers; zones as judged and as stated. */
    public CourtOrder courtOrder() {
        List<CourtOrder.Party> roles = parties.stream()
                .map(p -> new CourtOrder.Party(
                        p.role() == Party.Role.RESPONDENT ? CourtOrder.Role.RESPONDENT : CourtOrder.Role.PROTECTED,
                        p.deviceId()))
                .toList();
        return new CourtOrder(
                order.id(),
                body.getString("court"),
                body.getJsonObject("dutyDesk", new JsonObject()).getString("station"),
                order.timeZone(),
                order.validFrom(),
                order.validUntil(),
                roles,
                order.zones(),
                body.getJsonArray("zones", new JsonArray()));
    }

    /** An order sent to the API: held to {@link OrderInput}'s limits, then parsed. */
    public static OrderDocument parseInput(JsonObject json) {
        OrderInput.check(json);
        return parse(json);
    }

    /** An order as stored or sent; names the field at fault in an {@link OrderValidationException}. */
    public static OrderDocument parse(JsonObject json) {
        Fields f = new Fields(json, "");
        String id = f.text("id");
        if (!id.matches(ID_PATTERN)) {
            throw new OrderValidationException("id", "must match " + ID_PATTERN);
        }
        ZoneId zone = f.parse("timeZone", ZoneId::of, "an IANA time zone such as Asia/Shanghai");
        f.optionalText("organisation");
        Instant validFrom = f.parse("validFrom", Instant::parse, "an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        Instant validUntil = f.parse("validUntil", Instant::parse, "an ISO-8601 instant");
        if (!validUntil.isAfter(validFrom)) {
            throw new OrderValidationException("validUntil", "must be after validFrom");
        }

        List<Party> parties = parties(f.array("parties"));
        List<Zone> zones = new ArrayList<>();
        JsonArray zoneArray = f.array("zones");
        for (int i = 0; i < zoneArray.size(); i++) {
            Fields z = new Fields(object(zoneArray, i, "zones"), "zones[" + i + "]");
            zones.add(domain(z.prefix(), () -> zone(z, parties)));
        }
        if (zones.isEmpty()) {
            throw new OrderValidationException("zones", "an order needs at least one zone");
        }
        List<Suspension> suspensions = suspensions(f.optionalArray("suspensions"), zones);
        CheckInField.parse(json);
        List<Corridor> corridors = corridors(f.optionalArray("corridors"), zones);

        Party respondent = parties.stream()
                .filter(p -> p.role() == Party.Role.RESPONDENT)
                .findFirst()
                .orElseThrow();
        List<String> protectedDevices = parties.stream()
                .filter(p -> p.role() == Party.Role.PROTECTED)
                .map(Party::deviceId)
                .toList();
        Order order;
        try {
            order = new Order(
                    id,
                    zone,
                    validFrom,
                    validUntil,
                    respondent.deviceId(),
                    protectedDevices,
                    zones,
                    suspensions,
                    corridors);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new OrderValidationException("order", e.getMessage());
        }
        return new OrderDocument(
                order, parties, contacts(id, zone, new Fields(f.object("dutyDesk"), "dutyDesk"), parties), json.copy());
    }

    private static List<Suspension> suspensions(JsonArray array, List<Zone> zones) {
        List<Suspension> suspensions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Fields s = new Fields(object(array, i, "suspensions"), "suspensions[" + i + "]");
            String zoneId = zoneRef(s, zones);
            Instant from = s.parse("from", Instant::parse, "an ISO-8601 instant");
            Instant until = s.parse("until", Instant::parse, "an ISO-8601 instant");
            if (!from.isBefore(until)) {
                throw new OrderValidationException(s.path("until"), "must be after from (" + from + "), got " + until);
            }
            suspensions.add(domain(s.prefix(), () -> new Suspension(zoneId, from, until)));
        }
        return suspensions;
    }

    private static List<Corridor> corridors(JsonArray array, List<Zone> zones) {
        List<Corridor> corridors = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Fields c = new Fields(object(array, i, "corridors"), "corridors[" + i + "]");
            corridors.add(new Corridor(zoneRef(c, zones), geometry(c)));
        }
        return corridors;
    }

    private static List<Party> parties(JsonArray array) {
        List<Party> parties = new ArrayList<>();
        Set<String> devices = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Fields p = new Fields(object(array, i, "parties"), "parties[" + i + "]");
            Party.Role role =
                    p.parse("role", v -> Party.Role.valueOf(v.toUpperCase(Locale.ROOT)), "respondent or protected");
            String deviceId = p.text("deviceId");
            if (!deviceId.matches(ID_PATTERN)) {
                throw new OrderValidationException(p.path("deviceId"), "must match " + ID_PATTERN);
            }
            if (!devices.add(deviceId)) {
                throw new OrderValidationException(
                        p.path("deviceId"), "device " + deviceId + " is given to two parties");
            }
            String phone = p.optionalText("phone");
            parties.add(new Party(role, deviceId, p.optionalText("name"), phone, language(p)));
        }
        long respondents =
                parties.stream().filter(x -> x.role() == Party.Role.RESPONDENT).count();
        if (respondents != 1) {
            throw new OrderValidationException("parties", "exactly one respondent is required, got " + respondents);
        }
        return parties;
    }

    private static Zone zone(Fields z, List<Party> parties) {
        String id = z.text("id");
        String type = z.text("type");
        return switch (type) {
            case "exclusion" -> new ExclusionZone(id, area(z), warningBuffer(z));
            case "mobile" -> {
                String protectedDevice = z.text("protectedDeviceId");
                boolean known = parties.stream()
                        .anyMatch(p ->
                                p.role() == Party.Role.PROTECTED && p.deviceId().equals(protectedDevice));
                if (!known) {
                    throw new OrderValidationException(
                            z.path("protectedDeviceId"), "is not the device of a protected party of this order");
                }
                double min = z.number("minDistance");
                double warning = z.number("warningDistance");
                if (min <= 0 || min > MAX_MOBILE_MIN_DISTANCE) {
                    throw new OrderValidationException(
                            z.path("minDistance"), "must be in (0, " + MAX_MOBILE_MIN_DISTANCE + "] m, got " + min);
                }
                if (warning < min || warning > MAX_MOBILE_WARNING_DISTANCE) {
                    throw new OrderValidationException(
                            z.path("warningDistance"),
                            "must be at least minDistance (" + min + ") and at most " + MAX_MOBILE_WARNING_DISTANCE
                                    + " m, got " + warning);
                }
                yield new MobileExclusionZone(id, protectedDevice, min, warning);
            }
            case "inclusion" -> new InclusionZone(id, area(z), schedule(z));
            default ->
                throw new OrderValidationException(
                        z.path("type"), "must be exclusion, mobile or inclusion, got " + type);
        };
    }

    private static Area area(Fields z) {
        if (z.has("circle")) {
            Fields c = new Fields(z.object("circle"), z.path("circle"));
            try {
                return new Circle(c.number("lat"), c.number("lon"), c.number("radius"));
            } catch (IllegalArgumentException e) {
                throw new OrderValidationException(z.path("circle"), e.getMessage());
            }
        }
        if (z.has("geometry")) {
            try {
                return new Polygonal(geometry(z));
            } catch (IllegalArgumentException e) {
                throw new OrderValidationException(z.path("geometry"), e.getMessage());
            }
        }
        throw new OrderValidationException(
                z.path("circle"), "a zone needs a circle {lat, lon, radius} or a GeoJSON geometry");
    }

    private static Geometry geometry(Fields z) {
        JsonObject g = z.object("geometry");
        try {
            Geometry geometry = new GeoJsonReader().read(g.encode());
            if (!geometry.isValid()) {
                throw new OrderValidationException(
                        z.path("geometry"), "polygon is not valid (self-intersecting or unclosed ring)");
            }
            return geometry;
        } catch (ParseException | RuntimeException e) {
            if (e instanceof OrderValidationException ove) {
                throw ove;
            }
            throw new OrderValidationException(
                    z.path("geometry"), "not a GeoJSON Polygon or MultiPolygon: " + e.getMessage());
        }
    }

    private static WeeklySchedule schedule(Fields z) {
        JsonArray windows = z.array("schedule");
        List<WeeklySchedule.Window> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Fields w = new Fields(object(windows, i, z.path("schedule")), z.path("schedule") + "[" + i + "]");
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            JsonArray dayArray = w.array("days");
            for (int d = 0; d < dayArray.size(); d++) {
                String day = String.valueOf(dayArray.getValue(d));
                days.add(w.parseValue("days[" + d + "]", day, v -> dayOf(v), "MON..SUN"));
            }
            if (days.isEmpty()) {
                throw new OrderValidationException(w.path("days"), "a schedule window needs at least one day");
            }
            LocalTime from = w.parse("from", LocalTime::parse, "HH:mm");
            LocalTime to = w.parse("to", LocalTime::parse, "HH:mm");
            if (from.equals(to)) {
                throw new OrderValidationException(w.path("to"), "must differ from from (" + from + ")");
            }
            out.add(domain(w.prefix(), () -> new WeeklySchedule.Window(days, from, to)));
        }
        return domain(z.path("schedule"), () -> new WeeklySchedule(out));
    }

    private static Double warningBuffer(Fields z) {
        Double buffer = z.optionalNumber("warningBuffer");
        if (buffer != null && buffer < 0) {
            throw new OrderValidationException(z.path("warningBuffer"), "must be >= 0, got " + buffer);
        }
        return buffer;
    }

    /**
     * Builds a geofence value, naming {@code field} if its constructor refuses it: every rule the
     * geofence module enforces is answered 400 with a path, even one not checked above.
     */
    private static <T> T domain(String field, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new OrderValidationException(field, String.valueOf(e.getMessage()));
        }
    }

    private static DayOfWeek dayOf(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(u) && u.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException(v);
    }

    private static String zoneRef(Fields f, List<Zone> zones) {
        String zoneId = f.text("zoneId");
        if (zones.stream().noneMatch(z -> z.id().equals(zoneId))) {
            throw new OrderValidationException(f.path("zoneId"), "no zone with id " + zoneId);
        }
        return zoneId;
    }

    private static OrderContacts contacts(String orderId, ZoneId zone, Fields desk, List<Party> parties) {
        Locale deskLanguage = language(desk);
        JsonArray phones = desk.array("phones");
        List<Recipient> deskRecipients = new ArrayList<>();
        for (int i = 0; i < phones.size(); i++) {
            deskRecipients.add(recipient(
                    RecipientRole.DESK,
                    String.valueOf(phones.getValue(i)),
                    deskLanguage,
                    desk.path("phones[" + i + "]")));
        }
        if (deskRecipients.isEmpty()) {
            throw new OrderValidationException(desk.path("phones"), "at least one duty desk phone is required");
        }
        String supervisorPhone = desk.optionalText("supervisorPhone");
        Recipient supervisor = supervisorPhone == null
                ? null
                : recipient(RecipientRole.SUPERVISOR, supervisorPhone, deskLanguage, desk.path("supervisorPhone"));
        List<Recipient> protectedPersons = new ArrayList<>();
        Recipient respondent = null;
        for (int i = 0; i < parties.size(); i++) {
            Party p = parties.get(i);
            if (p.phone() == null) {
                continue;
            }
            if (p.role() == Party.Role.PROTECTED) {
                protectedPersons.add(
                        recipient(RecipientRole.PROTECTED, p.phone(), p.language(), "parties[" + i + "].phone"));
            } else {
                respondent = recipient(RecipientRole.RESPONDENT, p.phone(), p.language(), "parties[" + i + "].phone");
            }
        }
        return new OrderContacts(
                orderId, zone, desk.optionalText("station"), deskRecipients, protectedPersons, respondent, supervisor);
    }

    private static Recipient recipient(RecipientRole role, String phone, Locale language, String field) {
        try {
            return new Recipient(role, phone, language);
        } catch (IllegalArgumentException e) {
            throw new OrderValidationException(field, e.getMessage());
        }
    }

    private static Locale language(Fields f) {
        String tag = f.optionalText("language");
        if (tag == null) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        if (!tag.equals("zh-CN") && !tag.equals("en")) {
            throw new OrderValidationException(f.path("language"), "must be zh-CN or en, got " + tag);
        }
        return Locale.forLanguageTag(tag);
    }

    private static JsonObject object(JsonArray array, int i, String path) {
        Object v = array.getValue(i);
        if (!(v instanceof JsonObject o)) {
            throw new OrderValidationException(path + "[" + i + "]", "must be an object");
        }
        return o;
    }

    /** Typed access to one JSON object's fields, naming the full path in every error. */
    private record Fields(JsonObject json, String prefix) {
        String path(String field) {
            return prefix.isEmpty() ? field : prefix + "." + field;
        }

        boolean has(String field) {
            return json.getValue(field) != null;
        }

        String text(String field) {
            String v = optionalText(field);
            if (v == null || v.isBlank()) {
                throw new OrderValidationException(path(field), "is required");
            }
            return v;
        }

        String optionalText(String field) {
            Object v = json.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw new OrderValidationException(path(field), "must be a string");
            }
            return s;
        }

        double number(String field) {
            Double v = optionalNumber(field);
            if (v == null) {
                throw new OrderValidationException(path(field), "is required");
            }
            return v;
        }

        Double optionalNumber(String field) {
            Object v = json.getValue(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw new OrderValidationException(path(field), "must be a finite number");
            }
            return n.doubleValue();
        }

        JsonObject object(String field) {
            Object v = json.getValue(field);
            if (!(v instanceof JsonObject o)) {
                throw new OrderValidationException(path(field), v == null ? "is required" : "must be an object");
            }
            return o;
        }

        JsonArray array(String field) {
            Object v = json.getValue(field);
            if (!(v instanceof JsonArray a)) {
                throw new OrderValidationException(path(field), v == null ? "is required" : "must be an array");
            }
            return a;
        }

        JsonArray optionalArray(String field) {
            return json.getValue(field) == null ? new JsonArray() : array(field);
        }

        <T> T parse(String field, java.util.function.Function<String, T> parser, String expected) {
            return parseValue(field, text(field), parser, expected);
        }

        <T> T parseValue(String field, String value, java.util.function.Function<String, T> parser, String expected) {
            try {
                return parser.apply(value);
            } catch (DateTimeException | IllegalArgumentException e) {
                throw new OrderValidationException(path(field), "must be " + expected + ", got '" + value + "'");
            }
        }
    }
}
