package io.stayaway.gateway.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stayaway.geofence.FixSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses and validates uplink messages against the wire contract (README). A store-and-forward
 * message (a JSON array) is split into elements, each kept as the exact bytes the device sent and
 * judged on its own; an array of more than {@link #MAX_ARRAY_ELEMENTS} is refused whole. Every refusal names what
 * was wrong. Stateless and thread-safe.
 */
public final class MessageParser {
    /** Fixes before this are a device clock that was never set (the product did not exist). */
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2015-01-01T00:00:00Z");

    private static final double MAX_ACCURACY_METRES = 10_000;

    /**
     * The most elements a store-and-forward array may hold (docs/wire-contract.md): a longer one is refused whole,
     * with one {@code oversize} refusal, so that a small message of many tiny bad elements cannot make the gateway
     * keep and echo a refusal for each.
     */
    public static final int MAX_ARRAY_ELEMENTS = 1_000;

    private static final JsonFactory JSON = new JsonFactory();

    private final Duration futureTolerance;
    private final int maxPayloadBytes;

    public MessageParser(Duration futureTolerance, int maxPayloadBytes) {
        this.futureTolerance = futureTolerance;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public ParseOutcome parse(RawMessage message) {
        List<Telemetry> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Optional<Topic> parsedTopic = Topic.parse(message.topic());
        if (parsedTopic.isEmpty()) {
            rejected.add(new Rejection(
                    message.topic(),
                    message.authenticatedDeviceId(),
                    RejectReason.BAD_TOPIC,
                    "topic must be wearables/{deviceId}/ping or wearables/{deviceId}/event, got " + message.topic(),
                    message.payload()));
            return new ParseOutcome(accepted, rejected);
        }
        Topic topic = parsedTopic.get();
        if (message.authenticatedDeviceId() != null
                && !message.authenticatedDeviceId().equals(topic.deviceId())) {
            rejected.add(new Rejection(
                    message.topic(),
                    message.authenticatedDeviceId(),
                    RejectReason.WRONG_DEVICE,
                    "device " + message.authenticatedDeviceId() + " may not publish for device " + topic.deviceId(),
                    message.payload()));
            return new ParseOutcome(accepted, rejected);
        }
        if (message.payload().length > maxPayloadBytes) {
            rejected.add(reject(
                    message,
                    topic,
                    RejectReason.OVERSIZE,
                    "payload is " + message.payload().length + " bytes, limit " + maxPayloadBytes,
                    message.payload()));
            return new ParseOutcome(accepted, rejected);
        }
        List<byte[]> elements = split(message, topic, rejected);
        boolean backlog = elements.isEmpty() || elements.get(0) != message.payload();
        for (byte[] element : elements) {
            Element e = new Element(message, topic, element, backlog);
            try {
                accepted.add(topic.kind() == Topic.Kind.PING ? e.fix() : e.event());
            } catch (Refused r) {
                rejected.add(reject(message, topic, r.reason, r.getMessage(), element));
            }
        }
        return new ParseOutcome(accepted, rejected);
    }

    /** The message as one or more JSON object byte ranges, exactly as sent. */
    private List<byte[]> split(RawMessage message, Topic topic, List<Rejection> rejected) {
        byte[] payload = message.payload();
        int first = 0;
        while (first < payload.length && Character.isWhitespace(payload[first])) {
            first++;
        }
        if (first == payload.length || payload[first] != '[') {
            return List.of(payload);
        }
        List<byte[]> elements = new ArrayList<>();
        List<Rejection> refused = new ArrayList<>();
        int count = 0;
        try (JsonParser p = JSON.createParser(payload)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new JsonProcessingException("unterminated array", p.currentLocation()) {};
                }
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                if (++count > MAX_ARRAY_ELEMENTS) {
                    continue; // only counted, for the refusal
                }
                int end = (int) p.currentLocation().getByteOffset();
                byte[] element = Arrays.copyOfRange(payload, start, end);
                if (t != JsonToken.START_OBJECT) {
                    refused.add(reject(
                            message,
                            topic,
                            RejectReason.MALFORMED_JSON,
                            "array element at byte " + start + " is not a JSON object",
                            element));
                } else {
                    elements.add(element);
                }
            }
        } catch (IOException e) {
            if (count <= MAX_ARRAY_ELEMENTS) {
                refused.add(reject(
                        message,
                        topic,
                        malformedReason(e.getMessage()),
                        "store-and-forward array is not valid JSON after " + elements.size() + " element(s): "
                                + firstLine(e.getMessage()),
                        payload));
            }
        }
        if (count > MAX_ARRAY_ELEMENTS) {
            rejected.add(overCap(message, topic, count));
            return List.of();
        }
        rejected.addAll(refused);
        return elements;
    }

    /** The one refusal of an array of more than {@link #MAX_ARRAY_ELEMENTS} elements. */
    private static Rejection overCap(RawMessage message, Topic topic, int count) {
        return reject(
                message,
                topic,
                RejectReason.OVERSIZE,
                "store-and-forward array has " + count + " elements, over the cap of " + MAX_ARRAY_ELEMENTS
                        + "; send a backlog in arrays of at most " + MAX_ARRAY_ELEMENTS,
                message.payload());
    }

    private static Rejection reject(RawMessage m, Topic topic, RejectReason reason, String detail, byte[] raw) {
        return new Rejection(m.topic(), topic.deviceId(), reason, detail, raw);
    }

    private static RejectReason malformedReason(String message) {
        return message != null && (message.contains("'NaN'") || message.contains("Infinity"))
                ? RejectReason.NOT_FINITE
                : RejectReason.MALFORMED_JSON;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Thrown inside element validation; carries the reason code. */
    private static final class Refused extends Exception {
        private final RejectReason reason;

        Refused(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** One JSON object of a message, being validated. */
    private final class Element {
        private final RawMessage message;
        private final Topic topic;
        private final byte[] raw;
        /** One of the elements of a store-and-forward array. */
        private final boolean backlog;

        private JsonObject json;

        Element(RawMessage message, Topic topic, byte[] raw, boolean backlog) {
            this.message = message;
            this.topic = topic;
            this.raw = raw;
            this.backlog = backlog;
        }

        Telemetry.Fix fix() throws Refused {
            decode();
            long seq = seq();
            Instant ts = ts();
            double lat = number("lat", true, -90, 90);
            double lon = number("lon", true, -180, 180);
            Double acc = optionalNumber("acc", false);
            if (acc == null) {
                throw new Refused(RejectReason.MISSING_FIELD, "field 'acc' (accuracy radius in metres) is required");
            }
            if (acc <= 0 || acc > MAX_ACCURACY_METRES) {
                throw new Refused(
                        RejectReason.BAD_ACCURACY,
                        "field 'acc' must be > 0 and <= " + (int) MAX_ACCURACY_METRES + " metres, got " + acc);
            }
            Double speed = optionalNumber("speed", false);
            if (speed != null && speed < 0) {
                throw new Refused(RejectReason.OUT_OF_RANGE, "field 'speed' must be >= 0 m/s, got " + speed);
            }
            Double heading = optionalNumber("heading", false);
            if (heading != null && (heading < 0 || heading > 360)) {
                throw new Refused(RejectReason.OUT_OF_RANGE, "field 'heading' must be 0..360 degrees, got " + heading);
            }
            Double battery = optionalNumber("battery", false);
            if (battery != null && (battery < 0 || battery > 100)) {
                throw new Refused(RejectReason.OUT_OF_RANGE, "field 'battery' must be 0..100 %, got " + battery);
            }
            return new Telemetry.Fix(
                    topic.deviceId(),
                    seq,
                    ts,
                    message.receivedAt(),
                    lat,
                    lon,
                    acc,
                    speed,
                    heading,
                    battery == null ? null : (int) Math.round(battery),
                    source(),
                    raw,
                    backlog);
        }

        /** The optional {@code src}: how the device positioned itself. */
        private FixSource source() throws Refused {
            Object src = json.getValue("src");
            if (src != null && !(src instanceof String)) {
                throw new Refused(RejectReason.WRONG_TYPE, "field 'src' (fix source) must be a string");
            }
            Optional<FixSource> source = FixSources.fromWire((String) src);
            if (source.isEmpty()) {
                throw new Refused(
                        RejectReason.OUT_OF_RANGE, "field 'src' must be one of gnss, wifi, cell, got '" + src + "'");
            }
            return source.get();
        }

        Telemetry.Event event() throws Refused {
            decode();
            long seq = seq();
            Instant ts = ts();
            Object type = json.getValue("type");
            if (!(type instanceof String name)) {
                throw new Refused(
                        type == null ? RejectReason.MISSING_FIELD : RejectReason.WRONG_TYPE,
                        "field 'type' (event type) must be a string");
            }
            DeviceEventType eventType = DeviceEventType.fromWire(name)
                    .orElseThrow(() -> new Refused(
                            RejectReason.UNKNOWN_EVENT_TYPE,
                            "event type '" + name + "' is not one of "
                                    + Arrays.stream(DeviceEventType.values())
                                            .map(DeviceEventType::wireName)
                                            .toList()));
            Double lat = json.containsKey("lat") ? number("lat", true, -90, 90) : null;
            Double lon = json.containsKey("lon") ? number("lon", true, -180, 180) : null;
            if ((lat == null) != (lon == null)) {
                throw new Refused(RejectReason.MISSING_FIELD, "an event position needs both 'lat' and 'lon'");
            }
            return new Telemetry.Event(topic.deviceId(), seq, ts, message.receivedAt(), eventType, lat, lon, raw);
        }

        private void decode() throws Refused {
            try {
                json = new JsonObject(Buffer.buffer(raw));
            } catch (DecodeException | ClassCastException e) {
                String why = e.getMessage() == null ? "not a JSON object" : firstLine(e.getMessage());
                throw new Refused(malformedReason(why), "payload is not a valid JSON object: " + why);
            }
        }

        private long seq() throws Refused {
            Object v = json.getValue("seq");
            if (v == null) {
                throw new Refused(RejectReason.MISSING_FIELD, "field 'seq' (per-device sequence number) is required");
            }
            if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
                throw new Refused(RejectReason.WRONG_TYPE, "field 'seq' must be a non-negative integer, got " + v);
            }
            return ((Number) v).longValue();
        }

        private Instant ts() throws Refused {
            Object v = json.getValue("ts");
            if (v == null) {
                throw new Refused(
                        RejectReason.MISSING_FIELD, "field 'ts' (fix time, epoch milliseconds UTC) is required");
            }
            if (!(v instanceof Integer || v instanceof Long)) {
                throw new Refused(
                        RejectReason.WRONG_TYPE, "field 'ts' must be an integer of epoch milliseconds, got " + v);
            }
            Instant ts = Instant.ofEpochMilli(((Number) v).longValue());
            if (ts.isAfter(message.receivedAt().plus(futureTolerance))) {
                throw new Refused(
                        RejectReason.FUTURE_TIMESTAMP,
                        "field 'ts' " + ts + " is more than " + futureTolerance.toSeconds()
                                + " s after the gateway's clock " + message.receivedAt());
            }
            if (ts.isBefore(EARLIEST_PLAUSIBLE)) {
                throw new Refused(
                        RejectReason.ANCIENT_TIMESTAMP,
                        "field 'ts' " + ts + " is before " + EARLIEST_PLAUSIBLE + ": device clock not set");
            }
            return ts;
        }

        private double number(String field, boolean required, double min, double max) throws Refused {
            Double v = optionalNumber(field, required);
            if (v < min || v > max) {
                throw new Refused(
                        RejectReason.OUT_OF_RANGE,
                        "field '" + field + "' must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        }

        private Double optionalNumber(String field, boolean required) throws Refused {
            Object v = json.getValue(field);
            if (v == null) {
                if (required) {
                    throw new Refused(RejectReason.MISSING_FIELD, "field '" + field + "' is required");
                }
                return null;
            }
            if (!(v instanceof Number n)) {
                throw new Refused(RejectReason.WRONG_TYPE, "field '" + field + "' must be a number, got " + v);
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new Refused(RejectReason.NOT_FINITE, "field '" + field + "' must be a finite number, got " + v);
            }
            return d;
        }
    }
}
