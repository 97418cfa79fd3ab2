package fichas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyTest {
    private Fixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void roundRobinSpreadsRequestsEvenlyOverHealthyBackends() {
        // checks far apart: a health flap on a loaded machine must not skew the count
        f = new Fixture(3, Fixture.testConfig().healthInterval(java.time.Duration.ofSeconds(30))
                .healthFastInterval(java.time.Duration.ofSeconds(30)).build());
        for (int i = 0; i < 30; i++) {
            assertThat(f.get("/echo").statusCode()).isEqualTo(200);
        }
        assertThat(f.stubs).extracting(s -> s.hits.get()).containsExactly(10, 10, 10);
    }

    @Test
    void forwardsMethodBodyAndForwardedHeaders() {
        f = new Fixture(1, Fixture.testConfig().build());
        HttpResponse<String> r = f.post("/echo", "hello", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("b0:POST:hello");
        assertThat(r.headers().firstValue("X-Instance")).hasValue("b0");
        var seen = f.stub(0).seen.peekLast();
        assertThat(seen).containsEntry("x-forwarded-for", "127.0.0.1").containsEntry("x-forwarded-proto", "http");
    }

    @Test
    void anH2cUpgradeOfferIsDeclinedAndThePostBodyStillArrives() throws Exception {
        f = new Fixture(1, Fixture.testConfig().build());
        String body = "{\"nome\":\"x\"}";
        String request = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.balancer.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            int length = 0;
            while (!(line = in.readLine()).isEmpty()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] echoed = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(echoed, read, length - read);
            }
            assertThat(new String(echoed)).isEqualTo("b0:POST:" + body);
        }
        assertThat(f.stub(0).seen.peekLast()).doesNotContainKey("upgrade");
    }

    @Test
    void largeBodiesPassBothWaysIntact() {
        f = new Fixture(1, Fixture.testConfig().build());
        String body = "x".repeat(1024 * 1024);
        String echoed = f.post("/echo", body, null).body();
        assertThat(echoed.length()).isEqualTo(body.length() + "b0:POST:".length());
        assertThat(echoed.equals("b0:POST:" + body)).as("echo intact").isTrue();
        HttpResponse<String> big = f.get("/big?bytes=1000000");
        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(big.body().equals(new String(StubBackend.bigBody(1_000_000), java.nio.charset.StandardCharsets.US_ASCII)))
                .as("streamed body intact").isTrue();
        HttpResponse<String> sized = f.get("/big?bytes=1000000&length=1");
        assertThat(sized.headers().firstValue("Content-Length")).hasValue("1000000");
        assertThat(sized.body().equals(big.body())).as("streamed body with Content-Length intact").isTrue();
    }

    @Test
    void bodiesOverTheLimitAre413Json() {
        f = new Fixture(1, Fixture.testConfig().maxBodyBytes(1000).build());
        HttpResponse<String> r = f.post("/echo", "y".repeat(2000), null);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":\"payload_too_large\"");
        assertThat(f.stub(0).hits.get()).isZero();
    }

    @Test
    void requestIdIsMadeWhenAbsentAndPassedOnWhenValid() {
        f = new Fixture(1, Fixture.testConfig().build());
        HttpResponse<String> made = f.get("/echo");
        String id = made.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[A-Za-z0-9._:-]{1,128}");
        assertThat(f.stub(0).seen.peekLast()).containsEntry("x-request-id", id);

        HttpResponse<String> kept = f.send(HttpRequest.newBuilder(f.uri("/echo")).header("X-Request-Id", "abc-123.x:y").build());
        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("abc-123.x:y");
        assertThat(f.stub(0).seen.peekLast()).containsEntry("x-request-id", "abc-123.x:y");

        HttpResponse<String> replaced = f.send(HttpRequest.newBuilder(f.uri("/echo")).header("X-Request-Id", "bad id!").build());
        assertThat(replaced.headers().firstValue("X-Request-Id")).isPresent().get().isNotEqualTo("bad id!");
        assertThat(replaced.headers().allValues("X-Request-Id")).hasSize(1);
    }

    @Test
    void anHttp10RequestWithoutHostStillReachesTheBackend() throws Exception {
        f = new Fixture(1, Fixture.testConfig().build());
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", f.balancer.port())) {
            socket.getOutputStream().write("GET /echo HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.0 200").endsWith("b0:GET:");
        }
    }

    @Test
    void headKeepsTheBackendsContentLengthWithoutABody() {
        f = new Fixture(1, Fixture.testConfig().build());
        HttpResponse<String> r = f.send(HttpRequest.newBuilder(f.uri("/big?bytes=5000&length=1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofSeconds(10)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("5000");
        assertThat(r.body()).isEmpty();
    }
}
