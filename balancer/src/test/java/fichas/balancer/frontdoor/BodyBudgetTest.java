package fichas.balancer.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    private static final InetAddress A = InetAddress.getLoopbackAddress();

    @Test
    void a_client_over_its_share_is_told_apart_from_a_full_budget_and_releases_give_room_back() throws Exception {
        InetAddress b = InetAddress.getByName("127.0.0.2");
        BodyBudget budget = new BodyBudget(100, 60);

        assertThat(budget.reserve(A, 50)).isEqualTo(BodyBudget.Verdict.OK);
        assertThat(budget.reserve(A, 20)).isEqualTo(BodyBudget.Verdict.CLIENT_FULL);
        assertThat(budget.reserve(b, 50)).isEqualTo(BodyBudget.Verdict.OK);
        assertThat(budget.reserve(b, 1)).isEqualTo(BodyBudget.Verdict.FULL);
        assertThat(budget.used()).isEqualTo(100);

        budget.release(A, 50);
        assertThat(budget.used()).isEqualTo(50);
        assertThat(budget.reserve(b, 10)).isEqualTo(BodyBudget.Verdict.OK);
        assertThat(budget.reserve(A, 0)).isEqualTo(BodyBudget.Verdict.OK);
    }

    @Test
    void connections_per_client_are_capped_and_counted_down_on_close() throws Exception {
        ClientConnections connections = new ClientConnections(2);
        assertThat(connections.open(A)).isTrue();
        assertThat(connections.open(A)).isTrue();
        assertThat(connections.open(A)).isFalse();
        assertThat(connections.open(InetAddress.getByName("127.0.0.2"))).isTrue();
        connections.closed(A);
        assertThat(connections.openBy(A)).isEqualTo(1);
        assertThat(connections.open(A)).isTrue();
    }
}
