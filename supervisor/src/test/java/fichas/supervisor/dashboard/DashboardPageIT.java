package fichas.supervisor.dashboard;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard page in headless Chromium against {@link FakeBalancer}: login, the live view, colours,
 * confirmations, errors. The same page against the real system is {@code fichas.supervisor.DashboardBrowserIT}.
 */
class DashboardPageIT {
    private static HeadlessChromium browser;
    private static ChromeDriver driver;
    private FakeBalancer fake;

    @BeforeAll
    static void startBrowser() throws Exception {
        HeadlessChromium.requireInstalled();
        browser = HeadlessChromium.start();
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startFake() {
        fake = new FakeBalancer();
        driver.get(fake.url("/dashboard"));
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private static WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(100));
    }

    private static WebElement visible(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void login(String username, String password) {
        WebElement user = visible("#login-username");
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    private void loginAsAdmin() {
        login("admin", FakeBalancer.ADMIN_PASSWORD);
        visible("tr[data-backend='8000'][data-state='UP']");
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private static void confirm() {
        visible("#confirm-dialog");
        driver.findElement(By.id("confirm-ok")).click();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
    }

    @Test
    void aWrongPasswordKeepsTheLoginFormAndSaysWhy() {
        login("admin", "nope");
        assertThat(visible("#login-error").getText()).isEqualTo("Wrong username or password.");
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
    }

    @Test
    void anOperatorIsToldTheDashboardIsForAdministrators() {
        login("operador", FakeBalancer.ADMIN_PASSWORD);
        assertThat(visible("#login-error").getText()).contains("\"operador\"").contains("administrator account");
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
        assertThat(fake.polls()).isZero();
    }

    @Test
    void anAdminSeesBackendsInstancesAlertsAndLiveCharts() {
        fake.addAlert(7, "error_rate_high", "8001", "warning", "error rate 4.2 % over 1 min");
        loginAsAdmin();
        for (String id : List.of("8000", "8001", "8002")) {
            visible("tr[data-backend='" + id + "'][data-state='UP']");
            visible("tr[data-child='instance-" + id + "'][data-state='ONLINE']");
        }
        assertThat(text("tr[data-child='instance-8001']")).contains("41217").contains("ONLINE").contains("230 MB").contains("5.8 %");
        assertThat(text("tr[data-backend='8000']")).contains("127.0.0.1:8000").contains("93 %");
        assertThat(text("tr[data-backend='8001']")).contains("error_rate_high").contains("0.40 %");
        assertThat(text("#bal-rate-limited")).isEqualTo("17");
        assertThat(visible("li[data-alert-id='7']").getText()).contains("error_rate_high · 8001").contains("error rate 4.2 % over 1 min");
        int before = fake.polls();
        await().until(d -> fake.polls() >= before + 2);
        await().until(d -> !d.findElements(By.cssSelector("tr[data-backend='8002'] svg.spark-rps polyline")).isEmpty());
        await().until(d -> !d.findElements(By.cssSelector("tr[data-backend='8002'] svg.spark-p95 polyline")).isEmpty());
        await().until(d -> !d.findElements(By.cssSelector("#bal-rps-chart polyline")).isEmpty());
    }

    @Test
    void aBackendThatGoesDownTurnsRedAndComesBackGreen() {
        loginAsAdmin();
        String green = visible("tr[data-backend='8001'] .badge").getCssValue("color");
        fake.backendState("8001", "DOWN");
        WebElement down = visible("tr[data-backend='8001'][data-state='DOWN'] .badge");
        assertThat(down.getText()).isEqualTo("DOWN");
        assertThat(down.getCssValue("color")).isEqualTo("rgba(207, 34, 46, 1)").isNotEqualTo(green);
        visible("tr[data-child='instance-8001'][data-state='WAITING']");
        fake.backendState("8001", "DRAINING");
        assertThat(visible("tr[data-backend='8001'][data-state='DRAINING'] .badge").getCssValue("color")).isEqualTo("rgba(154, 103, 0, 1)");
        fake.backendState("8001", "UP");
        assertThat(visible("tr[data-backend='8001'][data-state='UP'] .badge").getCssValue("color")).isEqualTo(green);
    }

    @Test
    void serverStringsAreShownAsTextNeverAsMarkup() {
        String hostile = "<img src=x onerror=\"document.title='pwned'\"><b>bold</b>";
        fake.addAlert(9, "cpu_high", "<script>alert(1)</script>", "critical", hostile);
        loginAsAdmin();
        WebElement alert = visible("li[data-alert-id='9']");
        assertThat(alert.getText()).contains(hostile).contains("<script>alert(1)</script>");
        assertThat(alert.findElements(By.tagName("img"))).isEmpty();
        assertThat(alert.findElements(By.tagName("b"))).isEmpty();
        assertThat(driver.getTitle()).isEqualTo("Fichas dashboard");
    }

    @Test
    void resolvingAnAlertAsksFirstAndCancelDoesNothing() {
        fake.addAlert(3, "memory_high", "8000", "critical", "heap 91 % for 2 min");
        loginAsAdmin();
        visible("li[data-alert-id='3'] [data-action='resolve']").click();
        assertThat(visible("#confirm-title").getText()).isEqualTo("Resolve this alert?");
        driver.findElement(By.id("confirm-cancel")).click();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
        assertThat(fake.calls).isEmpty();

        visible("li[data-alert-id='3'] [data-action='resolve']").click();
        confirm();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("li[data-alert-id='3']")));
        assertThat(fake.calls).containsExactly("POST /balancer/alerts/3/resolve");
        assertThat(visible("#action-result[data-status='ok']").getText()).contains("resolved");
        assertThat(text("#alerts-empty")).isEqualTo("No active alerts.");
    }

    @Test
    void adminActionsAskForConfirmationAndShowTheOutcome() {
        loginAsAdmin();
        visible("#action-reload").click();
        confirm();
        assertThat(visible("#action-result[data-status='ok']").getText()).isEqualTo("Rolling reload started.");

        fake.reloadStatus = 409;
        driver.findElement(By.id("action-reload")).click();
        confirm();
        assertThat(visible("#action-result[data-status='error']").getText())
                .isEqualTo("Reload failed: a rolling reload is already running (409 conflict).");

        visible("button[data-restart='instance-8002']").click();
        assertThat(visible("#confirm-title").getText()).isEqualTo("Restart instance-8002?");
        confirm();
        assertThat(visible("#action-result[data-status='ok']").getText()).isEqualTo("Restart of instance-8002 started.");

        driver.findElement(By.id("action-cache-clear")).click();
        confirm();
        assertThat(visible("#action-result[data-status='ok']").getText())
                .isEqualTo("Caches cleared on 2 of 3 backends (failed: 8002 503).");
        assertThat(fake.calls).containsExactly("POST /balancer/actions/reload", "POST /balancer/actions/reload",
                "POST /balancer/actions/restart/instance-8002", "POST /balancer/actions/cache-clear");
    }

    @Test
    void aLostConnectionShowsABannerAndThePageRecoversByItself() {
        loginAsAdmin();
        fake.unreachable = true;
        assertThat(visible("#connection-banner").getText()).contains("Connection lost").contains("retrying");
        fake.unreachable = false;
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("connection-banner")));
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isTrue();
    }

    @Test
    void aRevokedSessionReturnsToTheLoginForm() {
        loginAsAdmin();
        fake.tokensRevoked = true;
        assertThat(visible("#login-error").getText()).isEqualTo("Your session has ended. Sign in again.");
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
        assertThat(driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void theSessionSurvivesAReloadAndLogoutEndsIt() {
        loginAsAdmin();
        driver.navigate().refresh();
        visible("tr[data-backend='8000'][data-state='UP']");
        assertThat(text("#session-user")).isEqualTo("admin");
        driver.findElement(By.id("logout")).click();
        assertThat(visible("#login-error").getText()).isEqualTo("You are signed out.");
        driver.navigate().refresh();
        visible("#login-form");
        assertThat(driver.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
    }

    @Test
    void thePageFitsA1366By768ScreenWithoutHorizontalScroll() throws Exception {
        fake.addAlert(11, "error_rate_high", "balancer", "warning", "balancer error rate 1.6 % over 1 min (threshold 1 %)");
        fake.addAlert(12, "cpu_high", "8002", "critical", "process CPU 86 % for 5 min (threshold 80 %)");
        loginAsAdmin();
        int before = fake.polls();
        await().until(d -> fake.polls() >= before + 4);
        Object width = driver.executeScript("return window.innerWidth");
        Object overflow = driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) width).intValue()).isBetween(1300, HeadlessChromium.WIDTH);
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        browser.screenshot(Path.of("target", "dashboard-fake.png"));
    }
}
