package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The Debian headless Chromium ({@code chromium} + {@code chromium-driver}) the browser tests drive through Selenium:
 * the binary from {@code STAYAWAY_CHROMIUM} (default {@code /usr/bin/chromium}), the driver from
 * {@code STAYAWAY_CHROMEDRIVER} (default {@code /usr/bin/chromedriver}). A missing browser or driver fails the test,
 * never skips it ({@code scripts/browser} installs both). Stateless; each {@link #start} is a new browser the caller
 * must {@code quit()}.
 */
final class HeadlessChromium {
    static final String CHROMIUM = System.getenv().getOrDefault("STAYAWAY_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("STAYAWAY_CHROMEDRIVER", "/usr/bin/chromedriver");

    /** The arguments every test browser runs with: headless, a fixed window, nothing fetched in the background. */
    static final List<String> ARGUMENTS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1440,1000",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking");

    private HeadlessChromium() {}

    /** Fails, never skips, when the browser or its driver is missing: a missing browser is a failed run. */
    static void requireInstalled() {
        assertTrue(
                new File(CHROMIUM).canExecute(),
                "Chromium not found at " + CHROMIUM + ": apt-get install -y chromium (scripts/browser)");
        assertTrue(
                new File(CHROMEDRIVER).canExecute(),
                "chromedriver not found at " + CHROMEDRIVER + ": apt-get install -y chromium-driver (scripts/browser)");
    }

    /** A new headless browser with {@link #ARGUMENTS} and then {@code extraArguments} (e.g. {@code --lang=en-GB}). */
    static ChromeDriver start(String... extraArguments) {
        return start(new ChromeOptions(), extraArguments);
    }

    /**
     * A new headless browser whose user prefers the given language ({@code en-GB}, {@code zh-CN}): its
     * {@code navigator.languages} and the {@code Accept-Language} it sends both follow it.
     */
    static ChromeDriver preferring(String language, String... extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
        List<String> arguments = new ArrayList<>(List.of(extraArguments));
        arguments.add("--lang=" + language);
        return start(options, arguments.toArray(String[]::new));
    }

    private static ChromeDriver start(ChromeOptions options, String... extraArguments) {
        requireInstalled();
        List<String> arguments = new ArrayList<>(ARGUMENTS);
        arguments.addAll(List.of(extraArguments));
        options.setBinary(CHROMIUM);
        options.addArguments(arguments);
        // The driver is the Debian one, given explicitly, so Selenium Manager never tries to download anything.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
