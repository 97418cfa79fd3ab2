package fichas.console.dashboard;

import fichas.core.http.AcceptEncoding;
import fichas.core.http.ErrorCode;
import fichas.balancer.http.ErrorResponses;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

import java.nio.ByteBuffer;

/**
 * Serves the dashboard: {@code GET /dashboard} (and {@code /dashboard/}) is the HTML page, revalidated on
 * every load; {@code GET /dashboard/assets/<name>-<hash>.<ext>} are its scripts, styles and icon, cached
 * for a year since their names change with their content. No authentication here: the page logs in with
 * JavaScript and calls the admin routes with a Bearer token.
 *
 * <p>Everything is read and hashed once, in the constructor (which throws if the jar lacks a file), and
 * served from memory, so requests run on the IO thread without blocking. Matches on the full request
 * path, so it works both behind a prefix path handler and as a plain handler. Unknown files get the
 * API.md 404 JSON, other methods than GET and HEAD a 405 with {@code Allow}. Thread-safe.
 */
public final class DashboardHandler implements HttpHandler {
    static final String PAGE_PATH = "/dashboard";
    /**
     * The page only loads its own files and talks to its own origin; with no inline script allowed, a
     * server string that slipped into the DOM as markup still could not run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    static final String PAINEL_PATH = "/painel";
    private final DashboardAssets assets;
    private final DashboardAssets painel;

    private static final String ALLOWED = "GET, HEAD, OPTIONS";

    public DashboardHandler() {
        this(DashboardAssets.load(), DashboardAssets.loadPainel());
    }

    DashboardHandler(DashboardAssets assets) {
        this(assets, DashboardAssets.loadPainel());
    }

    /** @param painel the live production board served at {@code /painel} (same rules as the dashboard) */
    DashboardHandler(DashboardAssets assets, DashboardAssets painel) {
        this.assets = assets;
        this.painel = painel;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        StaticFile file = resolve(exchange.getRequestPath());
        if (file == null) {
            ErrorResponses.send(exchange, ErrorCode.NOT_FOUND,
                    "no dashboard file at " + exchange.getRequestPath(), 0);
            return;
        }
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.OPTIONS)) {
            // As everywhere else (docs/API-NOTES.md): OPTIONS on a known path is 204 with Allow.
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED);
            exchange.setStatusCode(StatusCodes.NO_CONTENT);
            exchange.endExchange();
            return;
        }
        if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOWED);
            ErrorResponses.send(exchange, ErrorCode.METHOD_NOT_ALLOWED,
                    method + " is not allowed on " + exchange.getRequestPath() + "; use GET", 0);
            return;
        }
        send(exchange, file);
    }

    private StaticFile resolve(String path) {
        if (path.equals(PAGE_PATH) || path.equals(PAGE_PATH + "/")) {
            return assets.page();
        }
        if (path.startsWith(DashboardAssets.ASSET_PREFIX)) {
            return assets.asset(path.substring(DashboardAssets.ASSET_PREFIX.length())).orElse(null);
        }
        if (path.equals(PAINEL_PATH) || path.equals(PAINEL_PATH + "/")) {
            return painel.page();
        }
        if (path.startsWith(painel.assetPrefix())) {
            return painel.asset(path.substring(painel.assetPrefix().length())).orElse(null);
        }
        return null;
    }

    private static void send(HttpServerExchange exchange, StaticFile file) {
        HeaderMap headers = exchange.getResponseHeaders();
        boolean gzip = file.gzipped() != null
                && AcceptEncoding.parse(exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING)).useGzip(true);
        String etag = gzip ? file.gzipEtag() : file.etag();
        headers.put(Headers.CACHE_CONTROL, file.cacheControl());
        headers.put(Headers.ETAG, etag);
        headers.put(NOSNIFF, "nosniff");
        if (file.gzipped() != null) {
            headers.put(Headers.VARY, "Accept-Encoding");
        }
        if (file.page()) {
            headers.put(CSP, CONTENT_SECURITY_POLICY);
            headers.put(REFERRER_POLICY, "no-referrer");
            headers.put(FRAME_OPTIONS, "DENY");
        }
        if (matches(exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH), file.etag(), file.gzipEtag())) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            exchange.endExchange();
            return;
        }
        byte[] body = gzip ? file.gzipped() : file.bytes();
        headers.put(Headers.CONTENT_TYPE, file.contentType());
        if (gzip) {
            headers.put(Headers.CONTENT_ENCODING, "gzip");
        }
        headers.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /**
     * If-None-Match by weak comparison (RFC 9110 13.1.2): either encoding's tag, with or without
     * {@code W/}, or {@code *}.
     */
    static boolean matches(Iterable<String> ifNoneMatch, String... etags) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String header : ifNoneMatch) {
            for (String candidate : header.split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*")) {
                    return true;
                }
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                for (String etag : etags) {
                    if (tag.equals(etag)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
