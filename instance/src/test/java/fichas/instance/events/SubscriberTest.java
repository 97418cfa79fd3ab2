package fichas.instance.events;

import static org.assertj.core.api.Assertions.assertThat;

import fichas.instance.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a subscriber takes a poll's batch: queued whole, written once; filtered out, not written at all. */
class SubscriberTest {

    /** A transport that records what it was asked to do. */
    private static final class Recording extends Subscriber {
        final List<Long> queued = new ArrayList<>();
        int flushes;

        Recording(Set<String> types, int maxEvents) {
            super(Transport.SSE, types, 1 << 20, maxEvents);
        }

        @Override
        long sizeOf(Event event) {
            return event.sse().length;
        }

        @Override
        void queue(Event event) {
            queued.add(event.seq());
        }

        @Override
        void flush() {
            flushes++;
        }

        @Override
        void ping() {
        }

        @Override
        void disconnect() {
        }
    }

    private static Event event(long seq, String type) {
        return Event.of(seq, type, 0, Json.MAPPER.createObjectNode().put("id", seq));
    }

    @Test
    void a_batch_is_queued_whole_in_order_and_flushed_once() {
        Recording subscriber = new Recording(Set.of(), 10_000);
        assertThat(subscriber.offerAll(List.of(event(1, "cliente.created"), event(2, "pedido.created"),
                event(3, "cliente.updated")))).isTrue();
        assertThat(subscriber.queued).containsExactly(1L, 2L, 3L);
        assertThat(subscriber.flushes).isEqualTo(1);
    }

    @Test
    void events_already_seen_or_of_other_types_are_skipped_and_a_batch_of_only_those_costs_no_write() {
        Recording subscriber = new Recording(Set.of("pedido.created"), 10_000);
        subscriber.startAfter(1);
        assertThat(subscriber.offerAll(List.of(event(1, "pedido.created"), event(2, "cliente.created"),
                event(3, "cliente.updated")))).isTrue();
        assertThat(subscriber.queued).isEmpty();
        assertThat(subscriber.flushes).isZero();

        assertThat(subscriber.offerAll(List.of(event(4, "cliente.created"), event(5, "pedido.created")))).isTrue();
        assertThat(subscriber.queued).containsExactly(5L);
        assertThat(subscriber.flushes).isEqualTo(1);
    }

    @Test
    void a_batch_past_the_buffer_limit_closes_the_subscriber_as_slow() {
        Recording subscriber = new Recording(Set.of(), 10);
        List<Event> batch = new ArrayList<>();
        for (long seq = 1; seq <= 11; seq++) {
            batch.add(event(seq, "cliente.created"));
        }
        assertThat(subscriber.offerAll(batch)).isFalse();
        assertThat(subscriber.wasSlow()).isTrue();
        assertThat(subscriber.isClosed()).isTrue();
        assertThat(subscriber.offerAll(List.of(event(12, "cliente.created")))).isFalse();
    }
}
