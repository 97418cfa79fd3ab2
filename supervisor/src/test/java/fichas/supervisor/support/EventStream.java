package fichas.supervisor.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client that behaves like a browser's EventSource: it follows
 * {@code GET /events}, and when the stream breaks it reconnects after a second with
 * {@code Last-Event-ID} set to the last id it received. Records every event and the instance
 * ({@code X-Instance}) of each connection. Close it to stop.
 */
public final class EventStream implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One event as received. */
    public record Received(long id, String type, JsonNode data) {
    }

    private final String url;
    private final String token;
    private final List<Received> events = new ArrayList<>();
    private final List<String> instances = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile HttpResponse<Stream<String>> current;

    public EventStream(int port, String pathAndQuery, String token) {
        this.url = "http://127.0.0.1:" + port + pathAndQuery;
        this.token = token;
        this.thread = new Thread(this::run, "event-stream");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized List<Received> events() {
        return new ArrayList<>(events);
    }

    /** The X-Instance of each connection, in order (one more after each reconnection). */
    public synchronized List<String> instances() {
        return new ArrayList<>(instances);
    }

    private synchronized long lastId() {
        return events.isEmpty() ? -1 : events.get(events.size() - 1).id();
    }

    private void run() {
        while (running.get()) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token);
                long last = lastId();
                if (last >= 0) {
                    request.header("Last-Event-ID", Long.toString(last));
                }
                HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                current = response;
                if (response.statusCode() == 200) {
                    synchronized (this) {
                        instances.add(response.headers().firstValue("X-Instance").orElse("?"));
                    }
                    read(response);
                } else {
                    response.body().close();
                }
            } catch (IOException | RuntimeException e) {
                // the stream broke: reconnect, as EventSource does
            } catch (InterruptedException e) {
                return;
            }
            sleep();
        }
    }

    private void read(HttpResponse<Stream<String>> response) throws IOException {
        long id = -1;
        String type = "message";
        String data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        Received received = new Received(id, type, MAPPER.readTree(data));
                        synchronized (this) {
                            events.add(received);
                        }
                    }
                    type = "message";
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        HttpResponse<Stream<String>> response = current;
        if (response != null) {
            response.body().close();
        }
        thread.interrupt();
    }
}
