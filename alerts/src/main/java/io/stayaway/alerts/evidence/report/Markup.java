package io.stayaway.alerts.evidence.report;

/**
 * Builds XHTML-compatible markup: every model string goes through {@link #text}, every tag is closed,
 * every attribute quoted. Not thread-safe; one per rendering.
 */
final class Markup {
    private final StringBuilder out = new StringBuilder(32 * 1024);

    /** Escapes text for element content and quoted attribute values; characters XML forbids become U+FFFD. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Appends trusted markup written by this package (never model text). */
    Markup raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Markup text(String s) {
        out.append(escape(s));
        return this;
    }

    /** Appends {@code <tag attrs>escaped text</tag>}; {@code attrs} is trusted markup or empty. */
    Markup element(String tag, String attrs, String text) {
        out.append('<').append(tag);
        if (!attrs.isEmpty()) {
            out.append(' ').append(attrs);
        }
        out.append('>').append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    /** {@code name="escaped value"}. */
    static String attr(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
