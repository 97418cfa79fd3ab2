package fichas.supervisor.dashboard;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Headless Chromium for the dashboard tests, from the Debian packages ({@code chromium}, {@code chromium-driver};
 * {@code .ci/run} installs them). The driver is given by path, so Selenium Manager never runs and nothing is
 * downloaded; the flags keep Chromium off the network (this machine's network is closed, and without them
 * Chromium hangs on its background connections). Each browser gets a fresh profile in a temp dir, deleted
 * by {@link #close()}.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Overridable with -Dfichas.test.chromium / -Dfichas.test.chromedriver, e.g. on a Mac. */
    public static final Path CHROMIUM = Path.of(System.getProperty("fichas.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("fichas.test.chromedriver", "/usr/bin/chromedriver"));
    /** The smallest screen the dashboard is made for. */
    public static final int WIDTH = 1366;
    public static final int HEIGHT = 768;

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Skips the calling test when Chromium or its driver is missing, unless {@code CI=true}: there the
     * browser test is part of "done" and a missing browser must fail the build, not hide it.
     */
    public static void requireInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: install the Debian packages chromium and chromium-driver (.ci/run does)");
        }
        assumeThat(present).as("%s and %s are installed (apt-get install chromium chromium-driver)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
    }

    public static HeadlessChromium start() throws IOException {
        // Belt and braces: with the driver's path known, Selenium Manager has nothing to look up.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("fichas-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            return new HeadlessChromium(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The visible viewport as a PNG at {@code file} (directories created). */
    public Path screenshot(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind is not worth failing a test over
        }
    }
}
