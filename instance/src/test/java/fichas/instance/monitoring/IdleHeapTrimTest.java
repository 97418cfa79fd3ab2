package fichas.instance.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleHeapTrimTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong collections = new AtomicLong();
    private final AtomicInteger fullCollections = new AtomicInteger();
    /** The fake collector: a full collection is one more collection, as the JVM counts it. */
    private final IdleHeapTrim trim = new IdleHeapTrim(Duration.ofSeconds(30), collections::get, () -> {
        fullCollections.incrementAndGet();
        collections.incrementAndGet();
    });

    @Test
    void aBurstOfCollectionsThenQuietTrimsOnceAfterTheIdleTime() {
        trim.check(0);
        collections.addAndGet(IdleHeapTrim.MIN_COLLECTIONS);
        trim.check(5 * SECOND); // the burst ends here

        assertThat(trim.check(34 * SECOND)).isFalse(); // 29 s quiet
        assertThat(trim.check(35 * SECOND)).isTrue(); // 30 s quiet
        assertThat(fullCollections).hasValue(1);
        // nothing new since: never again, however long it stays idle
        assertThat(trim.check(100 * SECOND)).isFalse();
        assertThat(trim.check(1_000 * SECOND)).isFalse();
        assertThat(fullCollections).hasValue(1);
        assertThat(trim.trims()).isEqualTo(1);
    }

    @Test
    void whileTheLoadGoesOnItNeverTrims() {
        trim.check(0);
        for (int tick = 1; tick <= 100; tick++) {
            collections.addAndGet(IdleHeapTrim.BUSY_TICK_COLLECTIONS);
            assertThat(trim.check(tick * 5 * SECOND)).isFalse();
        }
        assertThat(fullCollections).hasValue(0);
    }

    @Test
    void anIdleInstancesOwnOccasionalCollectionsDoNotHoldTheTrimBackNorStartAnother() {
        trim.check(0);
        collections.addAndGet(50);
        trim.check(5 * SECOND); // the burst ends here
        // then one collection every other tick: health checks and polls filling a small young generation
        boolean trimmed = false;
        for (int tick = 2; tick <= 7; tick++) {
            if (tick % 2 == 0) {
                collections.incrementAndGet();
            }
            trimmed |= trim.check(tick * 5 * SECOND);
        }
        assertThat(trimmed).isTrue();
        assertThat(fullCollections).hasValue(1);
        // an hour more of the same: no burst, no second trim
        for (int tick = 8; tick <= 720; tick++) {
            if (tick % 2 == 0) {
                collections.incrementAndGet();
            }
            assertThat(trim.check(tick * 5 * SECOND)).isFalse();
        }
        assertThat(fullCollections).hasValue(1);
    }

    @Test
    void tooFewCollectionsSinceTheLastTrimAreNotWorthAFullOne() {
        trim.check(0);
        collections.addAndGet(IdleHeapTrim.MIN_COLLECTIONS - 1);
        trim.check(SECOND);

        assertThat(trim.check(600 * SECOND)).isFalse();
        assertThat(fullCollections).hasValue(0);
    }

    @Test
    void theCountersOwnStartIsNotABurst() {
        collections.set(500); // collections of the start, before the first tick
        trim.check(0);

        assertThat(trim.check(600 * SECOND)).isFalse();
        assertThat(fullCollections).hasValue(0);
    }

    @Test
    void theTrimsCollectionPutsTheHeapFreeRatiosBackAsTheyWere() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minFree = hotSpot.getVMOption("MinHeapFreeRatio").getValue();
        String maxFree = hotSpot.getVMOption("MaxHeapFreeRatio").getValue();
        assertThat(minFree).isNotEqualTo(IdleHeapTrim.TRIM_MIN_FREE_RATIO);

        IdleHeapTrim.collectGivingHeapBack();

        assertThat(hotSpot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(minFree);
        assertThat(hotSpot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(maxFree);
    }
}
