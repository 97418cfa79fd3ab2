package fichas.instance.http;

import io.undertow.util.AttachmentKey;

/**
 * Set on a request whose response became a long-lived stream ({@code /events}): the
 * {@link System#nanoTime} when the stream started. Request metrics time such a request up to
 * there, so an hour-long stream does not count as an hour-long request.
 */
public final class StreamStart {
    public static final AttachmentKey<Long> KEY = AttachmentKey.create(Long.class);

    private StreamStart() {
    }
}
