package io.stayaway.gateway.ops;

/**
 * Makes a value that came from outside (a device's MQTT user name or topic, a payload's detail, an HTTP path or
 * body field) safe to put in a log line: a line break, a tab, any other control or invisible character, a lone
 * surrogate and a backslash are written as escapes ({@code \n}, {@code \r}, {@code \t}, {@code \\},
 * {@code \}{@code u2028}), so one value can never end the line and forge the next one; a value longer than
 * {@link #MAX_CHARS} is cut and says how much was cut. Stateless and thread-safe.
 */
public final class LogSafe {
    /** Longer values are cut to this many characters. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {}

    /** The value, escaped and cut as the class comment says; {@code "null"} for null. */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int shown = Math.min(s.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (i + 1 >= shown) {
                    break; // never split a pair at the cut
                }
                int cp = s.codePointAt(i);
                if (printable(cp)) {
                    out.append(c).append(s.charAt(i + 1));
                } else {
                    escape(out, c);
                    escape(out, s.charAt(i + 1));
                }
                i++;
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isSurrogate(c) || !printable(c)) {
                escape(out, c);
            } else {
                out.append(c);
            }
        }
        if (s.length() > shown) {
            out.append("…(").append(s.length() - shown).append(" more chars)");
        }
        return out.toString();
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }

    private static void escape(StringBuilder out, char c) {
        out.append(String.format("\\u%04x", (int) c));
    }
}
