package fichas.console.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's page and assets, read once from the class path (the balancer jar: no CDN, the LAN
 * may have no internet). Each asset is published under a name that carries a short SHA-256 of its
 * content ({@code dashboard-3f2a9c1b7d4e.js}), and the page is rendered with those names, so assets
 * can be cached for a year and a new build is never served stale. Immutable and thread-safe once built.
 */
final class DashboardAssets {
    /** Where the files live on the class path. */
    static final String RESOURCE_DIR = "fichas/console/dashboard/";
    /** The URL prefix of the versioned assets; absolute, so the page works at /dashboard and /dashboard/. */
    static final String ASSET_PREFIX = "/dashboard/assets/";
    private static final List<String> ASSETS = List.of("dashboard.css", "dashboard.js", "icon.svg");
    private static final String PAGE = "index.html";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** The page itself must be revalidated every time: it is what points at the current asset names. */
    private static final String REVALIDATE = "no-cache";
    private static final int HASH_HEX_CHARS = 12;
    private static final int GZIP_MIN_BYTES = 1024;

    /** The live production board ({@code /painel}): the same handling, its own files. */
    static final String PAINEL_RESOURCE_DIR = "fichas/console/painel/";
    static final String PAINEL_ASSET_PREFIX = "/painel/assets/";
    private static final List<String> PAINEL_ASSETS = List.of("painel.css", "painel.js", "icon.svg");

    private final StaticFile page;
    private final String assetPrefix;
    private final Map<String, StaticFile> assetsByVersionedName;
    private final Map<String, String> versionedNames;

    private DashboardAssets(StaticFile page, String assetPrefix, Map<String, StaticFile> assets,
                            Map<String, String> versionedNames) {
        this.page = page;
        this.assetPrefix = assetPrefix;
        this.assetsByVersionedName = Map.copyOf(assets);
        this.versionedNames = Map.copyOf(versionedNames);
    }

    /** Reads the files from the class path; a missing file or an unknown placeholder fails here, at start-up. */
    static DashboardAssets load() {
        return load(name -> DashboardAssets.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name));
    }

    static DashboardAssets load(ResourceSource source) {
        return load(source, ASSETS, ASSET_PREFIX);
    }

    /** The production board's page and assets ({@code /painel}). */
    static DashboardAssets loadPainel() {
        return load(name -> DashboardAssets.class.getClassLoader().getResourceAsStream(PAINEL_RESOURCE_DIR + name),
                PAINEL_ASSETS, PAINEL_ASSET_PREFIX);
    }

    private static DashboardAssets load(ResourceSource source, List<String> names, String assetPrefix) {
        Map<String, StaticFile> assets = new LinkedHashMap<>();
        Map<String, String> versioned = new LinkedHashMap<>();
        for (String name : names) {
            byte[] bytes = read(source, name);
            String hash = shortHash(bytes);
            String versionedName = versionedName(name, hash);
            versioned.put(name, versionedName);
            assets.put(versionedName, file(contentType(name), bytes, hash, IMMUTABLE, false));
        }
        String template = new String(read(source, PAGE), StandardCharsets.UTF_8);
        byte[] html = render(template, versioned, assetPrefix).getBytes(StandardCharsets.UTF_8);
        StaticFile page = file(contentType(PAGE), html, shortHash(html), REVALIDATE, true);
        return new DashboardAssets(page, assetPrefix, assets, versioned);
    }

    /** Where this set's versioned assets are served ({@code /dashboard/assets/}). */
    String assetPrefix() {
        return assetPrefix;
    }

    /** The rendered HTML page. */
    StaticFile page() {
        return page;
    }

    /** The asset with this versioned name ({@code dashboard-<hash>.js}); empty for any other name. */
    Optional<StaticFile> asset(String versionedName) {
        return Optional.ofNullable(assetsByVersionedName.get(versionedName));
    }

    /** The versioned name of a source file ({@code dashboard.js} → {@code dashboard-<hash>.js}); for tests and logs. */
    String versionedName(String name) {
        String v = versionedNames.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no dashboard asset " + name);
        }
        return v;
    }

    /** Replaces each {@code {{name}}} with the asset's URL; a placeholder naming no asset is a build mistake. */
    static String render(String template, Map<String, String> versionedNames) {
        return render(template, versionedNames, ASSET_PREFIX);
    }

    static String render(String template, Map<String, String> versionedNames, String assetPrefix) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 128);
        while (m.find()) {
            String versioned = versionedNames.get(m.group(1));
            if (versioned == null) {
                throw new IllegalStateException("dashboard page names an unknown asset {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(assetPrefix + versioned));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String versionedName(String name, String hash) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot) + "-" + hash + name.substring(dot);
    }

    static String shortHash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type known for " + name);
        };
    }

    private static StaticFile file(String contentType, byte[] bytes, String hash, String cacheControl, boolean page) {
        return new StaticFile(contentType, bytes, gzipIfWorthIt(bytes), "\"" + hash + "\"", cacheControl, page);
    }

    private static byte[] gzipIfWorthIt(byte[] bytes) {
        if (bytes.length < GZIP_MIN_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() < bytes.length ? out.toByteArray() : null;
    }

    private static byte[] read(ResourceSource source, String name) {
        try (InputStream in = source.open(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + RESOURCE_DIR + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard resource " + name, e);
        }
    }

    /** Opens a dashboard file by its plain name; {@code null} when there is none. */
    @FunctionalInterface
    interface ResourceSource {
        InputStream open(String name) throws IOException;
    }
}
