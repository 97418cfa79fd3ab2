package fichas.instance.monitoring;

/** What the sampler reads of the real-time events ({@code fichas.instance.events.EventHub}). */
public interface EventsGauge {
    /** Open event streams (SSE and WebSocket) on this instance now. */
    int subscriberCount();

    /** Events handed to this instance's subscribers since start. */
    long publishedEvents();

    /** 99th percentile of the delivery lag (commit to hand-over) over the last minutes, in ms; NaN without data. */
    double lagP99Millis();
}
