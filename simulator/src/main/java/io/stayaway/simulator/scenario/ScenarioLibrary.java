package io.stayaway.simulator.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scenarios shipped in the jar (resources/scenarios/NAME.yaml, listed in index.txt) and
 * scenario files on disk. Parsing is strict: an unknown key is an error, so a typo cannot
 * silently drop part of a test. Thread-safe.
 */
public final class ScenarioLibrary {
    static final String FOLDER = "scenarios/";
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ScenarioLibrary() {}

    /** Names of the shipped scenarios, in index order. */
    public static List<String> names() {
        try (InputStream index = resource("index.txt")) {
            return new String(index.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenario index", e);
        }
    }

    /** A scenario file path, or the name of a shipped scenario. */
    public static Scenario load(String fileOrName) {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read scenario file " + file, e);
            }
        }
        if (!names().contains(fileOrName)) {
            throw new IllegalArgumentException("no scenario file or shipped scenario named '" + fileOrName
                    + "'; shipped: " + String.join(", ", names()));
        }
        try (InputStream in = resource(fileOrName + ".yaml")) {
            return parse(in, fileOrName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped scenario " + fileOrName, e);
        }
    }

    static Scenario parse(InputStream yaml, String source) {
        try {
            return YAML.readValue(yaml, Scenario.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario " + source + " is invalid: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ScenarioLibrary.class.getClassLoader().getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("missing resource " + FOLDER + name);
        }
        return in;
    }
}
