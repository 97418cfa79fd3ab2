package fichas.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void theIndexStaysInRangeWhenTheCounterWrapsPastIntegerMaxValue() {
        RoundRobin rotation = new RoundRobin(Integer.MAX_VALUE - 2);
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            picks.add(rotation.next(3));
        }
        assertThat(picks).allSatisfy(i -> assertThat(i).isBetween(0, 2));
        // plain % would have produced -2, -1, -2 ... after the wrap
        assertThat(Integer.MIN_VALUE % 3).isNegative();
    }

    @Test
    void consecutivePicksCycleThroughEveryIndex() {
        RoundRobin rotation = new RoundRobin();
        assertThat(List.of(rotation.next(3), rotation.next(3), rotation.next(3), rotation.next(3)))
                .containsExactly(0, 1, 2, 0);
    }
}
