package fichas.observability.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every raised and resolved alert to a webhook as {@code {"event":"raised"|"resolved","alert":{...}}}
 * ({@link AlertJson}), in the order they happened, from its own daemon thread.
 *
 * <p>A 2xx answer counts as delivered. Any other status or an I/O error is retried after a backoff that doubles
 * from {@link WebhookConfig#initialBackoff()} up to {@link WebhookConfig#maxBackoff()}; after
 * {@link WebhookConfig#maxAttempts()} attempts the notification is dropped with a WARN. The listener methods never
 * block: when {@link WebhookConfig#queueCapacity()} notifications are already waiting, the new one is dropped with a
 * WARN. {@link #failed()} counts every notification that was not delivered (given up, dropped from a full queue, or
 * still queued or in flight at {@link #close()}). Logs name only the webhook's scheme, host and port, since webhook paths often
 * carry a secret.
 */
public final class WebhookNotifier implements AlertListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookConfig config;
    private final String target;
    private final HttpClient client;
    private final BlockingQueue<Notification> queue;
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    public WebhookNotifier(WebhookConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
        this.target = WebhookConfig.masked(config.url());
        // HTTP/1.1: receivers behind simple servers mishandle the h2c upgrade that the default would attempt.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .build();
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.worker = new Thread(this::deliverUntilClosed, "fichas-webhook");
        worker.setDaemon(true);
        worker.start();
        log.info("webhook notifier started target={} max_attempts={} queue_capacity={}", target,
                config.maxAttempts(), config.queueCapacity());
    }

    @Override
    public void raised(Alert alert) {
        enqueue(new Notification("raised", alert));
    }

    @Override
    public void resolved(Alert alert) {
        enqueue(new Notification("resolved", alert));
    }

    /** Notifications the webhook accepted with a 2xx. */
    public long delivered() {
        return delivered.get();
    }

    /** Notifications that were not delivered: retries exhausted, queue full, or cut off by close. */
    public long failed() {
        return failed.get();
    }

    /** True until {@link #close()} has stopped the delivery thread. */
    boolean running() {
        return worker.isAlive();
    }

    /** Stops the delivery thread, waiting at most one attempt's timeout; queued and in-flight notifications are dropped. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(config.timeout().plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int dropped = queue.size();
        queue.clear();
        failed.addAndGet(dropped);
        log.info("webhook notifier stopped target={} delivered={} failed={} dropped_on_close={}", target,
                delivered.get(), failed.get(), dropped);
    }

    private void enqueue(Notification notification) {
        if (closed) {
            log.debug("webhook notifier closed, notification ignored alert={} event={}",
                    notification.alert().id(), notification.event());
            return;
        }
        if (!queue.offer(notification)) {
            failed.incrementAndGet();
            log.warn("webhook queue full, notification dropped target={} alert={} event={} capacity={}", target,
                    notification.alert().id(), notification.event(), config.queueCapacity());
        }
    }

    private void deliverUntilClosed() {
        // close() interrupts this thread to stop it; nothing else does.
        while (!closed) {
            Notification next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(next);
            } catch (InterruptedException e) {
                failed.incrementAndGet();
                return;
            }
        }
    }

    private void deliver(Notification notification) throws InterruptedException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(notification.body())))
                    .build();
        } catch (JsonProcessingException e) {
            failed.incrementAndGet();
            log.error("webhook notification not serialisable alert={}", notification.alert().id(), e);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            String problem = attempt(request);
            if (problem == null) {
                delivered.incrementAndGet();
                log.debug("webhook delivered target={} alert={} event={} attempt={}", target,
                        notification.alert().id(), notification.event(), attempt);
                return;
            }
            if (attempt >= config.maxAttempts()) {
                failed.incrementAndGet();
                log.warn("webhook gave up target={} alert={} event={} attempts={} last_problem={}", target,
                        notification.alert().id(), notification.event(), attempt, problem);
                return;
            }
            Duration backoff = config.backoffAfter(attempt);
            log.debug("webhook attempt failed, retrying target={} alert={} attempt={} problem={} backoff_ms={}",
                    target, notification.alert().id(), attempt, problem, backoff.toMillis());
            TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
        }
    }

    /** One POST; null when delivered, else what went wrong. */
    private String attempt(HttpRequest request) throws InterruptedException {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? null : "status " + status;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private record Notification(String event, Alert alert) {
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event);
            body.put("alert", AlertJson.toMap(alert));
            return body;
        }
    }
}
