package fichas.observability.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

class DeferredSuspendConduitTest {
    /** What reached the socket's conduit, in order. */
    private final List<String> calls = new ArrayList<>();
    private boolean socketResumed = true;
    private ReadReadyHandler socketHandler;
    private int delivered;
    private DeferredSuspendConduit conduit;

    @BeforeEach
    void setUp() {
        StreamSourceConduit socket = (StreamSourceConduit) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StreamSourceConduit.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "suspendReads" -> socketResumed = false;
                        case "resumeReads", "wakeupReads" -> socketResumed = true;
                        case "isReadResumed" -> {
                            return socketResumed;
                        }
                        case "setReadReadyHandler" -> socketHandler = (ReadReadyHandler) args[0];
                        default -> {
                        }
                    }
                    calls.add(method.getName());
                    return null;
                });
        conduit = new DeferredSuspendConduit(socket);
        conduit.setReadReadyHandler(new ReadReadyHandler() {
            @Override
            public void readReady() {
                delivered++;
            }

            @Override
            public void forceTermination() {
            }

            @Override
            public void terminated() {
            }
        });
        calls.clear();
    }

    @Test
    void aSuspendFollowedByAResumeNeverReachesTheSocket() {
        for (int request = 0; request < 3; request++) {
            conduit.suspendReads();
            assertThat(conduit.isReadResumed()).isFalse();
            conduit.resumeReads();
            assertThat(conduit.isReadResumed()).isTrue();
        }

        assertThat(calls).doesNotContain("suspendReads");
        assertThat(socketResumed).isTrue();
    }

    @Test
    void readinessWhileSuspendedIsNotPassedOnAndDropsTheInterestForReal() {
        conduit.suspendReads();

        socketHandler.readReady();

        assertThat(delivered).isZero();
        assertThat(calls).containsExactly("suspendReads");
        assertThat(socketResumed).isFalse();

        conduit.resumeReads();
        assertThat(socketResumed).isTrue();
        socketHandler.readReady();
        assertThat(delivered).isOne();
    }

    @Test
    void readinessWhileResumedIsPassedOn() {
        socketHandler.readReady();
        socketHandler.readReady();

        assertThat(delivered).isEqualTo(2);
        assertThat(calls).isEmpty();
    }

    @Test
    void aWakeupIsDeliveredOnceEvenIfReadsWereSuspendedBeforeItsTurn() {
        conduit.wakeupReads();
        conduit.suspendReads();

        socketHandler.readReady(); // the wake-up's queued callback
        socketHandler.readReady(); // the socket readable while suspended

        assertThat(delivered).isOne();
        assertThat(calls).containsExactly("wakeupReads", "suspendReads");
    }

    @Test
    void aWakeupEndsTheSuspension() {
        conduit.suspendReads();
        conduit.wakeupReads();

        socketHandler.readReady();

        assertThat(delivered).isOne();
        assertThat(calls).containsExactly("wakeupReads");
    }
}
