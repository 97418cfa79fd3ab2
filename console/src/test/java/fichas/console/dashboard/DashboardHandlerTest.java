package fichas.console.dashboard;

import io.undertow.Undertow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files over real HTTP: a real Undertow on a free port with only the handler. */
class DashboardHandlerTest {
    private static final Pattern ASSET_URL = Pattern.compile("/dashboard/assets/([a-z]+)-([0-9a-f]{12})\\.(js|css|svg)");
    private static Undertow server;
    private static int port;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new DashboardHandler()).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String page() throws Exception {
        return text(send("GET", "/dashboard"));
    }

    private static String assetUrl(String name, String ext) throws Exception {
        Matcher m = ASSET_URL.matcher(page());
        while (m.find()) {
            if (m.group(1).equals(name) && m.group(3).equals(ext)) {
                return m.group();
            }
        }
        throw new AssertionError("the page links no " + name + "." + ext);
    }

    @Test
    void thePageIsHtmlThatIsRevalidatedOnEveryLoad() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/dashboard");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(text(r)).contains("<form id=\"login-form\"").doesNotContain("{{");
    }

    @Test
    void thePageIsAlsoServedWithATrailingSlash() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/dashboard/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo(page());
    }

    @Test
    void thePageLinksEachAssetByAVersionedAbsoluteName() throws Exception {
        String html = page();
        assertThat(html).contains("<script src=\"" + assetUrl("dashboard", "js") + "\" defer></script>");
        assertThat(html).contains("<link rel=\"stylesheet\" href=\"" + assetUrl("dashboard", "css") + "\">");
        assertThat(html).contains(assetUrl("icon", "svg"));
    }

    @Test
    void theHashInAnAssetNameIsTheStartOfTheSha256OfItsContent() throws Exception {
        String url = assetUrl("dashboard", "js");
        HttpResponse<byte[]> r = send("GET", url);
        assertThat(url).contains("-" + DashboardAssets.shortHash(r.body()) + ".js");
    }

    @Test
    void assetsAreCachedForAYearWithTheirContentType() throws Exception {
        for (String[] asset : new String[][]{
                {"dashboard", "js", "text/javascript; charset=utf-8"},
                {"dashboard", "css", "text/css; charset=utf-8"},
                {"icon", "svg", "image/svg+xml"}}) {
            HttpResponse<byte[]> r = send("GET", assetUrl(asset[0], asset[1]));
            assertThat(r.statusCode()).as(asset[0] + "." + asset[1]).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue(asset[2]);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(r.headers().firstValue("ETag")).isPresent();
            assertThat(r.body()).isNotEmpty();
        }
    }

    @Test
    void theScriptIsTheOneInTheJar() throws Exception {
        HttpResponse<byte[]> r = send("GET", assetUrl("dashboard", "js"));
        byte[] resource;
        try (var in = getClass().getClassLoader().getResourceAsStream(DashboardAssets.RESOURCE_DIR + "dashboard.js")) {
            resource = in.readAllBytes();
        }
        assertThat(r.body()).isEqualTo(resource);
    }

    @Test
    void aClientThatAcceptsGzipGetsTheScriptCompressed() throws Exception {
        String url = assetUrl("dashboard", "js");
        HttpResponse<byte[]> plain = send("GET", url);
        HttpResponse<byte[]> gz = send("GET", url, "Accept-Encoding", "br, gzip;q=0.8");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gz.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
        assertThat(gunzip(gz.body())).isEqualTo(plain.body());
        assertThat(gz.body().length).isLessThan(plain.body().length);
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"GZIP", "br, GZIP", "*", "x-gzip"})
    void codingNamesAreCaseInsensitiveAndAStarAcceptsGzip(String acceptEncoding) throws Exception {
        String url = assetUrl("dashboard", "js");
        HttpResponse<byte[]> r = send("GET", url, "Accept-Encoding", acceptEncoding);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(gunzip(r.body())).isEqualTo(send("GET", url).body());
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"gzip;q=0, identity", "*, gzip;q=0", "gzip;q=0.5, identity", "br", "identity;q=0"})
    void gzipRefusedOrNotPreferredIsNotUsedAndIdentityIsNeverNamed(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> r = send("GET", assetUrl("dashboard", "js"), "Accept-Encoding", acceptEncoding);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }

    @Test
    void aMatchingIfNoneMatchGetsA304WithoutBody() throws Exception {
        String url = assetUrl("dashboard", "css");
        String etag = send("GET", url).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> r = send("GET", url, "If-None-Match", "W/" + etag);
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(send("GET", url, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        String url = assetUrl("dashboard", "js");
        int length = send("GET", url).body().length;
        HttpResponse<byte[]> r = send("HEAD", url);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(length));
        assertThat(r.body()).isEmpty();
    }

    @Test
    void anAssetWithAnOldOrUnknownHashIsA404InTheApiErrorShape() throws Exception {
        for (String path : new String[]{"/dashboard/assets/dashboard-000000000000.js", "/dashboard/assets/dashboard.js",
                "/dashboard/assets/", "/dashboard/other", "/dashboard/assets/../index.html"}) {
            HttpResponse<byte[]> r = send("GET", path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(text(r)).as(path).startsWith("{\"error\":{\"code\":\"not_found\",\"message\":").contains("\"request_id\":\"");
        }
    }

    @Test
    void otherMethodsThanGetAndHeadAreA405WithAllow() throws Exception {
        for (String method : new String[]{"POST", "PUT", "DELETE"}) {
            HttpResponse<byte[]> r = send(method, "/dashboard");
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
            assertThat(text(r)).contains("\"code\":\"method_not_allowed\"");
        }
    }

    @Test
    void optionsIsA204WithAllowAsOnEveryOtherKnownPath() throws Exception {
        for (String path : new String[]{"/dashboard", "/dashboard/"}) {
            HttpResponse<byte[]> r = send("OPTIONS", path);
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        }
    }

    @Test
    void aMissingResourceFailsAtStartNotAtTheFirstRequest() {
        DashboardAssets.ResourceSource nothing = name -> null;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardAssets.load(nothing))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is missing from the class path");
    }

    @Test
    void aPlaceholderForAnUnknownAssetFailsAtStart() {
        DashboardAssets.ResourceSource source = name -> new ByteArrayInputStream(
                (name.equals("index.html") ? "<script src=\"{{nope.js}}\"></script>" : "x").getBytes(StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardAssets.load(source))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{{nope.js}}");
    }

    @Test
    void changingAnAssetChangesItsName() {
        DashboardAssets a = DashboardAssets.load(name -> new ByteArrayInputStream(("v1 " + name).getBytes(StandardCharsets.UTF_8)));
        DashboardAssets b = DashboardAssets.load(name -> new ByteArrayInputStream(
                (name.equals("dashboard.js") ? "v2 " : "v1 ").concat(name).getBytes(StandardCharsets.UTF_8)));
        assertThat(b.versionedName("dashboard.js")).isNotEqualTo(a.versionedName("dashboard.js"));
        assertThat(b.versionedName("dashboard.css")).isEqualTo(a.versionedName("dashboard.css"));
    }

    @Test
    void serverStringsNeverReachTheDomAsMarkup() throws Exception {
        String js = text(send("GET", assetUrl("dashboard", "js")));
        assertThat(js).doesNotContain(".innerHTML").doesNotContain(".outerHTML").doesNotContain(".insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function");
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }
}
