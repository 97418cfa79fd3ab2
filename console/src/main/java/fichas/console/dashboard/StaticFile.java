package fichas.console.dashboard;

/**
 * One file the dashboard serves, held in memory with the headers it is served with. Immutable by
 * convention: nobody writes into the arrays after {@link DashboardAssets} built them.
 *
 * @param contentType  the full {@code Content-Type}, charset included for text
 * @param bytes        the file as it is
 * @param gzipped      the same bytes gzip-compressed, or {@code null} when compression would not pay
 * @param etag         a strong ETag (quoted) of {@code bytes}; the gzip variant appends {@code -gzip}
 * @param cacheControl the {@code Cache-Control} value
 * @param page         true for the HTML page, which gets the security headers
 */
record StaticFile(String contentType, byte[] bytes, byte[] gzipped, String etag, String cacheControl, boolean page) {
    /** The ETag of the gzip variant: a different representation must not share the plain one's strong ETag. */
    String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gzip\"";
    }
}
