package io.stayaway.gateway.orders;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The limits an order document sent to the API must keep (docs/http-api.md, "Limits"), checked before
 * {@link OrderDocument#parse}: only documented fields, a string court and duty-desk station, no control
 * characters, bounded lengths, counts, distances and dates. Stored orders are not held to these (they
 * were accepted under the rules of their day and must still load); new and amended ones are. Every
 * refusal names the field. Stateless.
 */
public final class OrderInput {
    /** Longest id (order, device, zone): as {@code OrderDocument}'s id pattern. */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest free text (court, station, organisation, names, time zone, phone numbers). */
    public static final int MAX_TEXT_LENGTH = 200;
    /** Largest distance in metres (warning buffers, mobile minimum distances); mobile warning distances 2×. */
    public static final double MAX_DISTANCE_METRES = 100_000;
    /** Earliest date accepted anywhere in the API (validity, suspensions, date query parameters). */
    public static final Instant EARLIEST_DATE = Instant.parse("2000-01-01T00:00:00Z");
    /** Dates must be before this. */
    public static final Instant LATEST_DATE = Instant.parse("2100-01-01T00:00:00Z");

    private static final Set<String> ID_FIELDS = Set.of("id", "deviceId", "zoneId", "protectedDeviceId");
    /** The fields of each kind of object, and, for arrays, the most elements allowed. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "order",
                    Set.of(
                            "id",
                            "court",
                            "timeZone",
                            "validFrom",
                            "validUntil",
                            "parties",
                            "zones",
                            "suspensions",
                            "corridors",
                            "dutyDesk",
                            "organisation",
                            "checkIns"),
            "parties", Set.of("role", "deviceId", "name", "phone", "language"),
            "zones",
                    Set.of(
                            "id",
                            "type",
                            "circle",
                            "geometry",
                            "warningBuffer",
                            "protectedDeviceId",
                            "minDistance",
                            "warningDistance",
                            "schedule"),
            "circle", Set.of("lat", "lon", "radius"),
            "schedule", Set.of("days", "from", "to"),
            "suspensions", Set.of("zoneId", "from", "until"),
            "corridors", Set.of("zoneId", "geometry"),
            "dutyDesk", Set.of("station", "phones", "supervisorPhone", "language"),
            "checkIns", Set.of("every", "enabled"));

    private static final Map<String, Integer> MAX_ELEMENTS = Map.of(
            "parties", 10,
            "zones", 100,
            "suspensions", 1_000,
            "corridors", 100,
            "schedule", 50,
            "days", 7,
            "phones", 10);

    private OrderInput() {}

    /** Throws {@link OrderValidationException} naming the first field that breaks a limit. */
    public static void check(JsonObject order) {
        object(order, "order", "");
        requiredText(order, "court", "");
        if (order.containsKey("organisation")) {
            requiredText(order, "organisation", "");
        }
        Object desk = order.getValue("dutyDesk");
        if (desk instanceof JsonObject d) {
            requiredText(d, "station", "dutyDesk");
        }
        for (String date : new String[] {"validFrom", "validUntil"}) {
            date(order.getValue(date), date);
        }
        JsonArray zones = order.getValue("zones") instanceof JsonArray a ? a : new JsonArray();
        for (int i = 0; i < zones.size(); i++) {
            if (zones.getValue(i) instanceof JsonObject z) {
                distances(z, "zones[" + i + "]");
            }
        }
        JsonArray suspensions = order.getValue("suspensions") instanceof JsonArray a ? a : new JsonArray();
        for (int i = 0; i < suspensions.size(); i++) {
            if (suspensions.getValue(i) instanceof JsonObject s) {
                date(s.getValue("from"), "suspensions[" + i + "].from");
                date(s.getValue("until"), "suspensions[" + i + "].until");
            }
        }
    }

    /** Refuses a date outside [{@link #EARLIEST_DATE}, {@link #LATEST_DATE}); one that does not parse is left to the parser. */
    public static void requireSaneDate(Instant at, String field) {
        if (at.isBefore(EARLIEST_DATE) || !at.isBefore(LATEST_DATE)) {
            throw new OrderValidationException(
                    field, "must be from " + EARLIEST_DATE + " and before " + LATEST_DATE + ", got " + at);
        }
    }

    /** The first control character (U+0000–U+001F, U+007F) in {@code s}, or -1. */
    public static int controlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    private static void date(Object value, String field) {
        if (value instanceof String s) {
            Instant at;
            try {
                at = Instant.parse(s);
            } catch (DateTimeException e) {
                return;
            }
            requireSaneDate(at, field);
        }
    }

    private static void distances(JsonObject zone, String path) {
        bounded(zone, "warningBuffer", MAX_DISTANCE_METRES, path);
        bounded(zone, "minDistance", MAX_DISTANCE_METRES, path);
        bounded(zone, "warningDistance", 2 * MAX_DISTANCE_METRES, path);
    }

    private static void bounded(JsonObject zone, String field, double max, String path) {
        if (zone.getValue(field) instanceof Number n && n.doubleValue() > max) {
            throw new OrderValidationException(path + "." + field, "must be at most " + max + " m, got " + n);
        }
    }

    private static void requiredText(JsonObject o, String field, String path) {
        String name = path.isEmpty() ? field : path + "." + field;
        Object v = o.getValue(field);
        if (v == null) {
            throw new OrderValidationException(name, "is required");
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new OrderValidationException(name, "must be a non-blank string");
        }
    }

    /** Checks the fields of {@code o}, a {@code kind} of object at {@code path}, and of what it holds. */
    private static void object(JsonObject o, String kind, String path) {
        for (Map.Entry<String, Object> e : o) {
            String field = e.getKey();
            String name = path.isEmpty() ? field : path + "." + field;
            if (!FIELDS.get(kind).contains(field)) {
                throw new OrderValidationException(name, "is not a field of " + (path.isEmpty() ? "an order" : path));
            }
            if (field.equals("geometry")) {
                continue; // GeoJSON: its own members, read and checked by the GeoJSON reader
            }
            value(e.getValue(), field, name);
        }
    }

    private static void value(Object v, String field, String name) {
        if (v == null) {
            // A null would be stored and shown back as null where the order's readers expect a value.
            throw new OrderValidationException(name, "must not be null (leave an optional field out)");
        }
        if (v instanceof String s) {
            text(s, field, name);
        } else if (v instanceof JsonObject child) {
            if (!FIELDS.containsKey(field)) {
                throw new OrderValidationException(name, "must not be an object");
            }
            object(child, field, name);
        } else if (v instanceof JsonArray array) {
            Integer max = MAX_ELEMENTS.get(field);
            if (max == null) {
                throw new OrderValidationException(name, "must not be an array");
            }
            if (array.size() > max) {
                throw new OrderValidationException(name, "holds at most " + max + " elements, got " + array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                String element = name + "[" + i + "]";
                Object item = array.getValue(i);
                if (item instanceof JsonObject o && FIELDS.containsKey(field)) {
                    object(o, field, element);
                } else {
                    value(item, field, element);
                }
            }
        }
    }

    private static void text(String s, String field, String name) {
        int at = controlCharacter(s);
        if (at >= 0) {
            throw new OrderValidationException(
                    name, "must not contain control characters (U+%04X at %d)".formatted((int) s.charAt(at), at));
        }
        int max = ID_FIELDS.contains(field) ? MAX_ID_LENGTH : MAX_TEXT_LENGTH;
        if (s.length() > max) {
            throw new OrderValidationException(name, "must be at most " + max + " characters, got " + s.length());
        }
    }
}
