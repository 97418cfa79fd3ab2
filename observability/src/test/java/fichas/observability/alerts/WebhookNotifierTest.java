package fichas.observability.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.observability.testing.WebhookReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SHORT = Duration.ofMillis(20);

    private final Alert alert = new Alert(3, "error_rate_high", "balancer", Severity.CRITICAL, "Errors above 5%", 0.12,
            0.05, Instant.parse("2026-11-25T10:00:00Z"), null, null, "balancer");

    private static WebhookConfig quick(URI url, int maxAttempts, int queueCapacity) {
        return new WebhookConfig(url, maxAttempts, SHORT, SHORT, Duration.ofSeconds(2), queueCapacity);
    }

    @Test
    void postsTheEventAndTheAlertAsJson() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 3, 10))) {
            notifier.raised(alert);

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 1);
            WebhookReceiver.Received received = receiver.accepted().get(0);
            assertThat(received.contentType()).isEqualTo("application/json");
            JsonNode body = JSON.readTree(received.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("event", "alert");
            assertThat(body.get("event").asText()).isEqualTo("raised");
            JsonNode json = body.get("alert");
            assertThat(json.get("id").asLong()).isEqualTo(3);
            assertThat(json.get("rule").asText()).isEqualTo("error_rate_high");
            assertThat(json.get("severity").asText()).isEqualTo("critical");
            assertThat(json.get("status").asText()).isEqualTo("active");
            assertThat(json.get("value").asDouble()).isEqualTo(0.12);
            assertThat(json.get("raised_at").asText()).isEqualTo("2026-11-25T10:00:00Z");
            assertThat(json.get("resolved_at").isNull()).isTrue();
            assertThat(notifier.failed()).isZero();
        }
    }

    @Test
    void deliversRaisedThenResolvedInTheOrderTheyHappened() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 3, 10))) {
            notifier.raised(alert);
            notifier.resolved(alert.resolve(Instant.parse("2026-11-25T10:01:00Z"), "ana"));

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 2);
            JsonNode second = JSON.readTree(receiver.accepted().get(1).body());
            assertThat(JSON.readTree(receiver.accepted().get(0).body()).get("event").asText()).isEqualTo("raised");
            assertThat(second.get("event").asText()).isEqualTo("resolved");
            assertThat(second.get("alert").get("status").asText()).isEqualTo("resolved");
            assertThat(second.get("alert").get("resolved_by").asText()).isEqualTo("ana");
        }
    }

    @Test
    void retriesAReceiverThatFailsAndDeliversOnTheThirdAttempt() {
        try (WebhookReceiver receiver = new WebhookReceiver(2);
             WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 5, 10))) {
            notifier.raised(alert);

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 1);
            assertThat(receiver.attempts()).isEqualTo(3);
            assertThat(receiver.accepted()).hasSize(1);
            assertThat(notifier.failed()).isZero();
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAndCountsTheFailure() {
        try (WebhookReceiver receiver = new WebhookReceiver(Integer.MAX_VALUE);
             WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 3, 10))) {
            notifier.raised(alert);

            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.failed() == 1);
            assertThat(receiver.attempts()).isEqualTo(3);
            assertThat(notifier.delivered()).isZero();

            notifier.resolved(alert);
            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.failed() == 2);
            assertThat(receiver.attempts()).as("the next notification still gets its attempts").isEqualTo(6);
        }
    }

    @Test
    void aReceiverThatIsNotListeningCountsAsAFailedAttempt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (WebhookNotifier notifier = new WebhookNotifier(
                quick(URI.create("http://127.0.0.1:" + closedPort + "/hooks"), 2, 10))) {
            notifier.raised(alert);
            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.failed() == 1);
            assertThat(notifier.delivered()).isZero();
        }
    }

    @Test
    void aFullQueueDropsTheNotificationWithoutBlockingTheCaller() {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 3, 1))) {
            receiver.holdRequests();
            notifier.raised(alert);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts() == 1);

            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                notifier.resolved(alert); // waits in the queue
                notifier.raised(alert);   // queue full: dropped
                notifier.resolved(alert); // dropped
            });
            assertThat(notifier.failed()).isEqualTo(2);

            receiver.release();
            await().atMost(Duration.ofSeconds(10)).until(() -> notifier.delivered() == 2);
            assertThat(receiver.accepted()).hasSize(2);
        }
    }

    @Test
    void closeStopsTheDeliveryThreadEvenWhileItWaitsForTheReceiver() {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            WebhookNotifier notifier = new WebhookNotifier(quick(receiver.url(), 3, 10));
            assertThat(notifier.running()).isTrue();
            receiver.holdRequests();
            notifier.raised(alert);
            notifier.raised(alert);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts() == 1);

            assertTimeoutPreemptively(Duration.ofSeconds(2), notifier::close);

            assertThat(notifier.running()).isFalse();
            assertThat(notifier.delivered()).isZero();
            assertThat(notifier.failed()).as("the one in flight and the queued one").isEqualTo(2);
            notifier.raised(alert);
            assertThat(notifier.failed()).as("ignored after close").isEqualTo(2);
        }
    }

    @Test
    void closeStopsAnIdleNotifier() {
        WebhookNotifier notifier = new WebhookNotifier(WebhookConfig.defaults(URI.create("http://127.0.0.1:1/x")));
        notifier.close();
        assertThat(notifier.running()).isFalse();
        assertThat(notifier.failed()).isZero();
    }
}
