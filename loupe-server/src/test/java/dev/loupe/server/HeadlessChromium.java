package dev.loupe.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver. Both are named by path, so Selenium Manager never
 * tries to download a browser or a driver (there is no network here, and CI must not depend on one); the
 * packages are {@code chromium} and {@code chromium-driver} ({@code scripts/system-deps}, which {@code scripts/test} runs, installs them when missing).
 */
final class HeadlessChromium {
  static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/lib/chromium/chromium"),
      Path.of("/usr/bin/chromium-browser"));
  static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));

  private HeadlessChromium() {}

  /** A new browser with a fresh profile in {@code profile}, its console log kept (level ALL) for the test to read. */
  static ChromeDriver start(Path profile, int width, int height) throws IOException {
    Path browser = find(BROWSERS, "chromium");
    Path driver = find(DRIVERS, "chromium-driver");
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setPageLoadStrategy(org.openqa.selenium.PageLoadStrategy.NORMAL);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile())
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30))
        .withEnvironment(Map.of())
        .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  private static Path find(List<Path> candidates, String debianPackage) {
    for (Path p : candidates) if (Files.isExecutable(p)) return p;
    return fail("no " + debianPackage + " executable at " + candidates + ": install Debian's browser and driver with"
        + " 'apt-get install -y chromium chromium-driver' (scripts/test does it through scripts/system-deps); browser tests never download one");
  }
}
