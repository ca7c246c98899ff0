package io.stayaway.geofence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seed and tries of this module's jqwik properties (docs/testing.md, "Randomized tests"); every property class
 * names it with {@code @AddLifecycleHook(PropertySeed.class)}. {@value #SEED} is a seed that every property runs from,
 * so that the build draws the same inputs on every run, or {@code random} for a new seed each run (jqwik reports the
 * seed it drew); {@value #TRIES}, when set, replaces every property's own number of tries. Both are read as JUnit reads
 * its configuration: a system property ({@code mvn -D…}) first, then {@code junit-platform.properties}. A property
 * that names its own seed ({@code @Property(seed = …)}, while a failure is being fixed) keeps it. Thread-safe.
 */
public final class PropertySeed implements AroundPropertyHook {
    static final String SEED = "stayaway.jqwik.seed";
    static final String TRIES = "stayaway.jqwik.tries";
    private static final String RANDOM = "random";
    private static final Properties FILE = load("/junit-platform.properties");

    /** Named on a class, the hook reaches every property in it (and in its nested classes). */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        String seed = setting(SEED)
                .orElseThrow(() -> new IllegalStateException(
                        SEED + " is set neither as a system property nor in junit-platform.properties"));
        boolean ownSeed = attributes.seed().filter(s -> !s.isBlank()).isPresent();
        if (!ownSeed && !seed.equals(RANDOM)) {
            attributes.setSeed(String.valueOf(number(SEED, seed, Long.MIN_VALUE)));
        }
        setting(TRIES).ifPresent(tries -> attributes.setTries((int) number(TRIES, tries, 1)));
        return property.execute();
    }

    private static Optional<String> setting(String key) {
        String value = System.getProperty(key, FILE.getProperty(key));
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The setting as a whole number from {@code min} (for tries, up to {@link Integer#MAX_VALUE}). */
    private static long number(String key, String value, long min) {
        long max = key.equals(TRIES) ? Integer.MAX_VALUE : Long.MAX_VALUE;
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max
                + (key.equals(SEED) ? ", or random" : "") + ", not '" + value + "'");
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = PropertySeed.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return properties;
    }
}
