package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The fonts Chromium actually drew an element's text with, as DevTools reports them
 * ({@code CSS.getPlatformFontsForNode}): what a person sees, where the DOM's text says nothing about
 * empty boxes. A Chinese text drawn without a CJK font is drawn by the page's Latin font as boxes, and
 * is reported under that font's name. Test-side; one browser per call.
 */
final class RenderedFonts {
    /** Families that hold the Chinese glyphs on the workstations the console is used on and on the test machine. */
    private static final Pattern CJK_FAMILY =
            Pattern.compile("(?i).*(CJK|Source Han|PingFang|YaHei|Hiragino Sans GB|WenQuanYi|Heiti|SimSun|SimHei).*");

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    /** One font used for the element's own text, and how many glyphs it drew. */
    record UsedFont(String family, int glyphs) {}

    private RenderedFonts() {}

    /** The fonts used for the text directly inside the first element matching the selector. */
    static List<UsedFont> of(ChromeDriver browser, String selector) {
        browser.executeCdpCommand("DOM.enable", Map.of());
        browser.executeCdpCommand("CSS.enable", Map.of());
        Map<String, Object> document = browser.executeCdpCommand("DOM.getDocument", Map.of("depth", 0));
        Object root = ((Map<?, ?>) document.get("root")).get("nodeId");
        Map<String, Object> found =
                browser.executeCdpCommand("DOM.querySelector", Map.of("nodeId", root, "selector", selector));
        Object node = found.get("nodeId");
        assertNotEquals(0, ((Number) node).intValue(), "no element matches " + selector);
        Map<String, Object> fonts = browser.executeCdpCommand("CSS.getPlatformFontsForNode", Map.of("nodeId", node));
        List<UsedFont> used = new ArrayList<>();
        for (Object f : (List<?>) fonts.get("fonts")) {
            Map<?, ?> font = (Map<?, ?>) f;
            used.add(new UsedFont((String) font.get("familyName"), ((Number) font.get("glyphCount")).intValue()));
        }
        return used;
    }

    /**
     * Asserts that every Chinese character of the element's text was drawn by a CJK font, and returns the
     * fonts used (for the test's log).
     */
    static List<UsedFont> assertChineseDrawnInACjkFont(ChromeDriver browser, String selector) {
        String text = browser.findElement(By.cssSelector(selector)).getText();
        long han = HAN.matcher(text).results().count();
        assertTrue(han > 0, selector + " holds no Chinese text: '" + text + "'");
        List<UsedFont> used = of(browser, selector);
        int cjkGlyphs = used.stream()
                .filter(f -> CJK_FAMILY.matcher(f.family()).matches())
                .mapToInt(UsedFont::glyphs)
                .sum();
        assertTrue(
                cjkGlyphs >= han,
                "the " + han + " Chinese characters of " + selector + " ('" + text + "') were drawn with " + used
                        + ": not all by a CJK font, so a person sees empty boxes (apt-get install fonts-noto-cjk)");
        return used;
    }
}
