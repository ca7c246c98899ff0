package io.stayaway.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSafeTest {
    @Test
    void aForgedLogLineStaysOnItsOwnLine() {
        String forged = "dev-1\n2026-01-01 00:00:00 INFO gateway - admin logged in\r";
        String safe = LogSafe.quote(forged);
        assertFalse(safe.contains("\n") || safe.contains("\r"), safe);
        assertEquals("dev-1\\n2026-01-01 00:00:00 INFO gateway - admin logged in\\r", safe);
    }

    @Test
    void controlAndInvisibleCharactersAreEscaped() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("a\tb", "a\\tb");
        cases.put("a\\nb", "a\\\\nb"); // a backslash and an n: not to be read as an escaped line break
        cases.put("a\u0000b", "a\\u0000b");
        cases.put("a\u001b[2Jb", "a\\u001b[2Jb"); // terminal escape
        cases.put("a\u007fb", "a\\u007fb");
        cases.put("a\u0085b", "a\\u0085b"); // NEL, a C1 line break
        cases.put("a\u2028b", "a\\u2028b"); // line separator
        cases.put("a\u202eb", "a\\u202eb"); // right-to-left override
        cases.forEach((value, expected) -> assertEquals(expected, LogSafe.quote(value)));
    }

    @Test
    void printableTextIncludingOtherScriptsIsUnchanged() {
        assertEquals("resp-1 您正在接近 😀", LogSafe.quote("resp-1 您正在接近 😀"));
        assertEquals("null", LogSafe.quote(null));
    }

    @Test
    void aLoneSurrogateIsEscaped() {
        assertEquals("a\\ud800b", LogSafe.quote("a\ud800b"));
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasCut() {
        String safe = LogSafe.quote("x".repeat(100_000));
        assertTrue(safe.startsWith("x".repeat(LogSafe.MAX_CHARS) + "…("), safe.substring(0, 10));
        assertTrue(safe.endsWith("(" + (100_000 - LogSafe.MAX_CHARS) + " more chars)"), safe);
    }
}
