package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md shows exactly {@link GatewayConfig#KEYS}: the table between its two markers is rendered
 * from the keys, so the documentation cannot drift from the code. The file as it should be is always written to
 * gateway/target/configuration.md; on a difference the test fails and says to copy it over.
 */
class ConfigurationDocTest {
    static final String BEGIN =
            "<!-- BEGIN generated from GatewayConfig.KEYS by ConfigurationDocTest; do not edit by hand -->";
    static final String END = "<!-- END generated -->";
    static final String REGENERATE =
            "mvn -B -q -pl gateway -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false; "
                    + "cp gateway/target/configuration.md docs/configuration.md";

    /** The table: one row per key, in the order of {@code KEYS}; an empty default reads "(empty)". */
    static String table(List<GatewayConfig.Key> keys) {
        StringBuilder s = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
        for (GatewayConfig.Key k : keys) {
            String value = k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`";
            s.append("| `")
                    .append(k.name())
                    .append("` | ")
                    .append(value)
                    .append(" | ")
                    .append(k.meaning().replace("|", "\\|"))
                    .append(" |\n");
        }
        return s.toString();
    }

    /** {@code document} with the text between the markers replaced by the table. */
    static String withTable(String document, List<GatewayConfig.Key> keys) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("docs/configuration.md must hold the lines\n" + BEGIN + "\n" + END);
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + table(keys) + document.substring(end);
    }

    @Test
    void docsConfigurationTableIsRenderedFromGatewayConfigKeys() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        Path doc = module.resolveSibling("docs").resolve("configuration.md");
        assertTrue(Files.isRegularFile(doc), "expected the configuration page at " + doc);
        String actual = Files.readString(doc, StandardCharsets.UTF_8);
        String expected = withTable(actual, GatewayConfig.KEYS);
        Path rendered = module.resolve("target").resolve("configuration.md");
        Files.createDirectories(rendered.getParent());
        Files.writeString(rendered, expected, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("docs/configuration.md differs from GatewayConfig.KEYS (" + firstDifference(expected, actual)
                    + "); the expected page is " + rendered + ". From the repository root, regenerate it with:\n    "
                    + REGENERATE);
        }
    }

    /** The first line where the two texts differ, for the failure message. */
    static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String want = i < e.size() ? e.get(i) : "(end of file)";
            String got = i < a.size() ? a.get(i) : "(end of file)";
            if (!want.equals(got)) {
                return "line " + (i + 1) + ": expected \"" + want + "\", found \"" + got + "\"";
            }
        }
        return "line endings differ";
    }

    @Test
    void aPipeInAMeaningDoesNotSplitItsCell() {
        String t = table(List.of(new GatewayConfig.Key("K", "", "a|b")));
        assertTrue(t.contains("| `K` | (empty) | a\\|b |"), t);
    }
}
