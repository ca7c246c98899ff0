package io.stayaway.gateway.ingest;

import io.stayaway.geofence.FixSource;
import java.util.Locale;
import java.util.Optional;

/**
 * A ping's {@code src} as the wire contract and the {@code pings.src} column spell it: {@code gnss}, {@code wifi},
 * {@code cell}, or absent (null) when the device does not say. Stateless.
 */
public final class FixSources {
    private FixSources() {}

    /** The source a wire or column value names; {@link FixSource#UNKNOWN} for null, empty for a name not defined. */
    public static Optional<FixSource> fromWire(String name) {
        if (name == null) {
            return Optional.of(FixSource.UNKNOWN);
        }
        return switch (name) {
            case "gnss" -> Optional.of(FixSource.GNSS);
            case "wifi" -> Optional.of(FixSource.WIFI);
            case "cell" -> Optional.of(FixSource.CELL);
            default -> Optional.empty();
        };
    }

    /**
     * The source a stored or routed name names: it was checked when the ping came in (and {@code pings.src} has a
     * check constraint), so a name not defined here cannot occur; it would read as {@link FixSource#UNKNOWN}.
     */
    public static FixSource ofChecked(String name) {
        return fromWire(name).orElse(FixSource.UNKNOWN);
    }

    /** The wire and column name; null for {@link FixSource#UNKNOWN}. */
    public static String wireName(FixSource source) {
        return source == FixSource.UNKNOWN ? null : source.name().toLowerCase(Locale.ROOT);
    }
}
