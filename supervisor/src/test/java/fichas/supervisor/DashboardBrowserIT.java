package fichas.supervisor;

import fichas.supervisor.control.ControlClient;
import fichas.supervisor.dashboard.HeadlessChromium;
import fichas.supervisor.status.InstanceStatus;
import fichas.supervisor.support.LoadClient;
import fichas.supervisor.support.WholeSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium against the whole system (a {@link WholeSystem}, as in {@link SystemIT}: the
 * supervisor JVM with the embedded balancer and three real instance JVMs): log in as admin, see three backends UP,
 * kill -9 one instance, see it go DOWN and come back UP, with screenshots in {@code target/}.
 */
class DashboardBrowserIT {
    private static final String PASSWORD = "dashboard-test-password";
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path home;
    private static WholeSystem system;
    private static ControlClient control;
    private static int balancerPort;
    private static HeadlessChromium browser;

    @BeforeAll
    static void startTheSystemAndABrowser() throws Exception {
        HeadlessChromium.requireInstalled();
        // A killed instance stays dead for 3 s before its restart, so the page (polling every 2 s) sees it DOWN.
        Map<String, String> slowRestarts = Map.of("FICHAS_RESTART_BACKOFF", "3s", "FICHAS_RESTART_BACKOFF_MAX", "6s");
        system = WholeSystem.start(home, PASSWORD, slowRestarts, Path.of("target", "dashboard-it-logs"));
        control = system.control();
        balancerPort = system.balancerPort();
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (system != null) {
                system.close();
            }
        }
    }

    private static WebDriverWait waitUpTo(Duration timeout) {
        return new WebDriverWait(browser.driver(), timeout, Duration.ofMillis(200));
    }

    private static By backend(String id, String state) {
        return By.cssSelector("tr[data-backend='" + id + "'][data-state='" + state + "']");
    }

    /** True when the page shows the instance as not serving: its backend DOWN, or its child no longer ONLINE. */
    private static boolean shownDown(WebDriver d, InstanceStatus victim) {
        if (!d.findElements(backend(victim.id(), "DOWN")).isEmpty()) {
            return true;
        }
        List<WebElement> child = d.findElements(By.cssSelector("tr[data-child='" + victim.name() + "']"));
        return !child.isEmpty() && List.of("WAITING", "STARTING", "STOPPING", "ERRORED").contains(child.get(0).getAttribute("data-state"));
    }

    /** Backend UP again, and when the page lists children, the child ONLINE with a new pid. */
    private static boolean shownBack(WebDriver d, InstanceStatus victim) {
        if (d.findElements(backend(victim.id(), "UP")).isEmpty()) {
            return false;
        }
        List<WebElement> child = d.findElements(By.cssSelector("tr[data-child='" + victim.name() + "']"));
        return child.isEmpty() || ("ONLINE".equals(child.get(0).getAttribute("data-state"))
                && !String.valueOf(victim.pid()).equals(child.get(0).getAttribute("data-pid")));
    }

    /** "145/s" yes; "0.0/s" and "—/s" no. */
    private static boolean servesTraffic(String rate) {
        try {
            return Double.parseDouble(rate.replace("/s", "").replace(",", "")) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void anAdminSeesThreeBackendsUpAndAKilledInstanceGoDownAndComeBack() throws Exception {
        try {
            loginKillAndWatch();
        } catch (AssertionError | RuntimeException e) {
            // What the page showed is the first thing anyone will want to know.
            browser.screenshot(Path.of("target", "dashboard-failure.png"));
            System.out.println("page text at failure (screenshot in target/dashboard-failure.png):\n"
                    + browser.driver().findElement(By.tagName("body")).getText());
            throw e;
        }
    }

    private void loginKillAndWatch() throws Exception {
        ChromeDriver driver = browser.driver();
        List<InstanceStatus> instances = control.status().instances();
        assertThat(instances).hasSize(3);

        driver.get("http://127.0.0.1:" + balancerPort + "/dashboard");
        waitUpTo(PAGE_WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-username"))).sendKeys("admin");
        driver.findElement(By.id("login-password")).sendKeys(PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        for (InstanceStatus i : instances) {
            waitUpTo(PAGE_WAIT).until(ExpectedConditions.visibilityOfElementLocated(backend(i.id(), "UP")));
        }
        assertThat(driver.findElements(By.cssSelector("#backends-body tr[data-backend]"))).hasSize(3);

        // A little traffic so the charts have something to draw; its failures during the kill are not this test's concern.
        try (LoadClient load = LoadClient.start(balancerPort, PASSWORD, 1)) {
            waitUpTo(PAGE_WAIT).until(d -> !d.findElements(By.cssSelector("#bal-rps-chart polyline")).isEmpty()
                    && !"0.0".equals(d.findElement(By.id("bal-rps")).getText()));
            browser.screenshot(Path.of("target", "dashboard-healthy.png"));

            InstanceStatus victim = instances.get(1);
            assertThat(victim.pid()).isNotNull();
            ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye to the balancer
            waitUpTo(PAGE_WAIT).until(d -> shownDown(d, victim));
            waitUpTo(Duration.ofSeconds(120)).until(d -> shownBack(d, victim));
            for (InstanceStatus i : instances) {
                assertThat(driver.findElements(backend(i.id(), "UP"))).as("backend %s UP", i.id()).hasSize(1);
            }
            // Back in rotation, not just healthy: the page shows requests reaching it again.
            By victimRate = By.cssSelector("tr[data-backend='" + victim.id() + "'] .spark-rps + .chart-value");
            waitUpTo(PAGE_WAIT).until(d -> servesTraffic(d.findElement(victimRate).getText()));
            browser.screenshot(Path.of("target", "dashboard.png"));
            assertThat(control.status().instances().get(1).pid()).isNotEqualTo(victim.pid());
        }
        assertThat(driver.findElement(By.id("connection-banner")).isDisplayed()).isFalse();
    }
}
