package io.stayaway.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile input for the fuzz suite ({@link ApiFuzzIT}, {@link MqttFuzzIT}): wrong types, NaN and
 * Infinity, huge and tiny numbers, control and NUL characters, lone surrogates, deep nesting, oversize
 * text, random JSON, and one-field mutations of a valid body. Every choice comes from the seeded
 * {@link Random} it is given, so a seed replays a run exactly.
 */
final class FuzzInputs {
    /** Strings a hostile client sends: control characters, NUL, forged log lines, injections, odd dates. */
    private static final List<String> NASTY_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "ORD\u0000X",
            "\n",
            "name\r\n2026-11-30 12:00:00 INFO forged log line",
            "\u001b[31mred",
            "\u007f",
            "%00",
            "../../etc/passwd",
            "'; DROP TABLE orders; --",
            "<script>alert(1)</script>",
            "\ud800",
            "\u202etxt.exe",
            "中文名称",
            "null",
            "NaN",
            "-Infinity",
            "1e309",
            "-999999999-01-01T00:00:00Z",
            "+99999-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2026-02-30T25:61:00Z",
            "not a date",
            "{\"nested\": true}",
            "desk",
            "admin",
            "*",
            "%");

    /** Numbers at and beyond every edge; {@code NaN} and {@code Infinity} are not JSON and go in raw. */
    private static final List<String> NASTY_NUMBERS = List.of(
            "0",
            "-1",
            "-0.0",
            "0.1",
            "1e-300",
            "1e300",
            "-1e300",
            "1e9",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "123456789012345678901234567890",
            "9007199254740993",
            "NaN",
            "Infinity",
            "-Infinity");

    private static final String PLACEHOLDER = "@@fuzz-value@@";

    private final Random random;

    FuzzInputs(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A hostile string: one of the known bad ones, an oversize one, or random code points. */
    String string() {
        int kind = random.nextInt(10);
        if (kind < 6) {
            return pick(NASTY_STRINGS);
        }
        if (kind < 8) {
            return "x".repeat(pick(List.of(65, 257, 501, 4_097, 70_000, 200_000)));
        }
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000));
        }
        return b.toString();
    }

    /** A hostile JSON value as raw text (it may not be valid JSON: NaN, Infinity, deep nesting). */
    String rawValue() {
        switch (random.nextInt(9)) {
            case 0, 1:
                return pick(NASTY_NUMBERS);
            case 2:
                return encodeString(string());
            case 3:
                return pick(List.of("true", "false", "null"));
            case 4:
                return "[]";
            case 5:
                return "{}";
            case 6:
                return deepNesting(pick(List.of(10, 200, 5_000)));
            case 7:
                return randomJson(3).toString();
            default:
                return new JsonArray().add(encodeString(string())).encode();
        }
    }

    /** Random JSON of at most {@code depth} levels, built by Vert.x's JSON types (never hand-encoded). */
    Object randomJson(int depth) {
        int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
        switch (kind) {
            case 0:
                return string();
            case 1:
                return random.nextBoolean()
                        ? random.nextLong()
                        : random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
            case 2:
                return random.nextBoolean();
            case 3:
                return "";
            case 4:
                JsonArray a = new JsonArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomJson(depth - 1));
                }
                return a;
            default:
                JsonObject o = new JsonObject();
                for (int i = random.nextInt(4); i > 0; i--) {
                    o.put(string(), randomJson(depth - 1));
                }
                return o;
        }
    }

    /** {@code depth} nested arrays, the kind of body that overflows a recursive parser's stack. */
    static String deepNesting(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A JSON string literal for {@code s}, encoded by Vert.x. */
    static String encodeString(String s) {
        String array = new JsonArray().add(s).encode();
        return array.substring(1, array.length() - 1);
    }

    /** A whole body that is not a JSON object at all. */
    String rawBody() {
        return pick(List.of(
                "",
                "not json",
                "[]",
                "null",
                "123",
                "\"text\"",
                "{",
                "{\"a\":}",
                "{\"a\": NaN}",
                deepNesting(20_000),
                "{\"pad\": \"" + "x".repeat(1_100_000) + "\"}",
                "\u0000\u0000\u0000"));
    }

    /** One mutation of {@code sample}: a field removed, retyped, set to a hostile value, or an unknown one added. */
    Mutation mutate(JsonObject sample) {
        JsonObject body = sample.copy();
        List<Slot> slots = new ArrayList<>();
        collect(body, "", slots);
        if (slots.isEmpty() || random.nextInt(8) == 0) {
            String key = pick(List.of("admin", "role", "__proto__", "constructor", string()));
            body.put(key, PLACEHOLDER);
            return new Mutation(splice(body, rawValue()), key);
        }
        Slot slot = pick(slots);
        if (random.nextInt(5) == 0) {
            slot.remove();
            return new Mutation(body.encode(), slot.path());
        }
        slot.set(PLACEHOLDER);
        return new Mutation(splice(body, rawValue()), slot.path());
    }

    /** The body's text with the placeholder replaced by {@code raw}, which need not be JSON (NaN, deep nesting). */
    private static String splice(JsonObject body, String raw) {
        return body.encode().replace("\"" + PLACEHOLDER + "\"", raw);
    }

    private static void collect(Object node, String path, List<Slot> out) {
        if (node instanceof JsonObject o) {
            for (String k : new ArrayList<>(o.fieldNames())) {
                String p = path.isEmpty() ? k : path + "." + k;
                out.add(new Slot(o, null, k, -1, p));
                collect(o.getValue(k), p, out);
            }
        } else if (node instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                String p = path + "[" + i + "]";
                out.add(new Slot(null, a, null, i, p));
                collect(a.getValue(i), p, out);
            }
        }
    }

    /** A body with one field changed, and the path of that field ({@code zones[0].circle.radius}). */
    record Mutation(String body, String path) {}

    /** One place in a JSON tree: a key of an object or an index of an array. */
    private record Slot(JsonObject owner, JsonArray array, String key, int index, String path) {
        void set(Object value) {
            if (owner != null) {
                owner.put(key, value);
            } else {
                array.set(index, value);
            }
        }

        void remove() {
            if (owner != null) {
                owner.remove(key);
            } else {
                array.remove(index);
            }
        }
    }
}
